using System.Runtime.InteropServices;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// Ctrl+C and SIGTERM as one cancellation for a long-running command (a server, a worker): the first signal cancels
/// <see cref="Token"/> instead of killing the process, so sockets close and counters print. Disposing unhooks both.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _terminate;

    public StopSignals()
    {
        System.Console.CancelKeyPress += OnCancel;
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            _stop.Cancel();
        });
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>Stops as a signal would (e.g. when the parent process is gone).</summary>
    public void Cancel() => _stop.Cancel();

    public void Dispose()
    {
        System.Console.CancelKeyPress -= OnCancel;
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _stop.Cancel();
    }
}
