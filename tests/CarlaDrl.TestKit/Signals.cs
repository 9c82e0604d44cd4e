using System.Runtime.InteropServices;

namespace CarlaDrl.TestKit;

/// <summary>POSIX signals to child processes: SIGINT (2, what Ctrl+C sends), SIGTERM (15), SIGKILL (9).</summary>
public static class Signals
{
    public const int Interrupt = 2;
    public const int Terminate = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; 0 on success (kill(2)).</summary>
    public static int Send(int pid, int signal) => Kill(pid, signal);

#pragma warning disable SYSLIB1054 // a plain DllImport: the TestKit does not compile unsafe code
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
