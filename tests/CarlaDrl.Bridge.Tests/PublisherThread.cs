using System.Runtime.ExceptionServices;
using CarlaDrl.Bridge.Seed;

namespace CarlaDrl.Bridge.Tests;

/// <summary>Runs a <see cref="SeedPublisher"/> on its own thread; <see cref="Stop"/> cancels, joins and rethrows its failure.</summary>
internal sealed class PublisherThread : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Exception? _failure;

    public PublisherThread(SeedPublisher publisher)
    {
        _thread = new Thread(() =>
        {
            try
            {
                publisher.Run(_stop.Token);
            }
            catch (Exception e)
            {
                _failure = e;
            }
        })
        { IsBackground = true, Name = "seed publisher" };
        _thread.Start();
    }

    public void Stop()
    {
        _stop.Cancel();
        Assert.True(_thread.Join(TimeSpan.FromSeconds(30)), "the publisher did not stop within 30 s");
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Capture(_failure).Throw();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }
}
