#!/usr/bin/env pwsh
# The start menu in PowerShell 7 (Windows, Linux, macOS): the same items, arguments, environment variables and exit codes
# as scripts/start.sh (docs/start.md). Every process it starts is stopped and reported when it ends, on Ctrl+C or on
# SIGTERM.
#
#   pwsh scripts/start.ps1                                 # the menu (or: dotnet tool run pwsh -- -File scripts/start.ps1)
#   pwsh scripts/start.ps1 3 --set run.total_timesteps=256 --name quick
#   pwsh scripts/start.ps1 --help
#
# No param() block on purpose: with one, PowerShell would take carla-drl's --set/--name for its own parameters.
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$Root = Split-Path -Parent $PSScriptRoot
Set-Location -LiteralPath $Root
[IO.Directory]::SetCurrentDirectory($Root)

function Show-Usage {
    [Console]::Out.WriteLine(@'
CarlaDrl start menu (PowerShell).

  pwsh scripts/start.ps1                  the menu: type a number, the menu comes back when the item ends
  pwsh scripts/start.ps1 ITEM [ARGS...]   run one item and exit with its exit code; ARGS go to the carla-drl command
  pwsh scripts/start.ps1 --help

Items:
  1  full   full system: a bridge worker hosting the simulator (the embedded world, or the CARLA server
            in CARLA_SERVER) plus one for evaluations, then training against them (carla-drl train --world zmq://…)
  2  bridge simulator side only: one bridge worker bound to BRIDGE_BIND, until Ctrl+C or SIGTERM
  3  train  training only: carla-drl train (the embedded world, or the bridge workers in BRIDGE)
  4  health carla-drl health (with --carla CARLA_SERVER and --bridge BRIDGE when set)
  5  runs   the runs under RUNS_DIR (steps, last evaluation, running or not) and the TensorBoard command
  6  exit

Environment: CARLA_SERVER, CARLA_EVAL_SERVER, BRIDGE_BIND, EVAL_BRIDGE_BIND, BRIDGE, EVAL_BRIDGE, BRIDGE_ARGS,
RUNS_DIR, CARLA_DRL, STOP_TIMEOUT, BRIDGE_START_TIMEOUT, as for scripts/start.sh (scripts/start.sh --help, docs/start.md).
CARLA_DRL unset: the script builds src/CarlaDrl.Cli (Release) when a source is newer than its binary, as ./carla-drl does.

Exit codes: the item's own (train: 0 finished, 130 interrupted with a checkpoint saved, 2 config error; health: 1
when a required check fails; a bridge stopped by a signal: 0), 2 for an unknown item. Ctrl+C or SIGTERM stops what
runs, waits for it and says how each one ended; a second one kills at once. Unlike start.sh, Ctrl+C in the menu
ends the menu too (PowerShell stops the script; its processes are stopped and reported first).
'@)
}

# --- signals and child processes (C#: signal handlers and output readers run on threads without a runspace) --------
Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

public static class CarlaDrlStart
{
    private static readonly List<PosixSignalRegistration> Registrations = new List<PosixSignalRegistration>();
    private static readonly Dictionary<int, StreamWriter> Logs = new Dictionary<int, StreamWriter>();
    private static int _count;
    private static string _last = "";
    private static long _ignoreInterruptUntil;

    /// <summary>True at the menu prompt: a signal then ends the script at once (there is nothing to stop).</summary>
    public static volatile bool Idle;

    public static int Count { get { return Volatile.Read(ref _count); } }

    public static string Last { get { return Volatile.Read(ref _last); } }

    public static void Listen()
    {
        if (Registrations.Count > 0) return;
        Add(PosixSignal.SIGINT, "INT");
        Add(PosixSignal.SIGTERM, "TERM");
        if (!OperatingSystem.IsWindows()) Add(PosixSignal.SIGHUP, "HUP");
    }

    private static void Add(PosixSignal signal, string name)
    {
        try
        {
            Registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (name == "INT" && DateTime.UtcNow.Ticks < Interlocked.Read(ref _ignoreInterruptUntil)) return; // our own Ctrl+C to the children (Windows)
                Volatile.Write(ref _last, name);
                Interlocked.Increment(ref _count);
                if (Idle)
                {
                    Console.Out.WriteLine();
                    Environment.Exit(name == "INT" ? 130 : 143);
                }
            }));
        }
        catch (PlatformNotSupportedException)
        {
        }
    }

    /// <summary>Starts a child with stdin closed (it never reads the menu's answers); output to LOG when given, else inherited.</summary>
    public static Process Start(string fileName, string[] arguments, string workingDirectory, string log)
    {
        if (string.IsNullOrEmpty(log)) log = null; // PowerShell passes $null to a string parameter as ""
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, WorkingDirectory = workingDirectory, RedirectStandardInput = true };
        foreach (string argument in arguments) info.ArgumentList.Add(argument);
        info.RedirectStandardOutput = info.RedirectStandardError = log != null;
        var process = new Process { StartInfo = info };
        StreamWriter writer = null;
        if (log != null)
        {
            writer = new StreamWriter(new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
            DataReceivedEventHandler write = (sender, e) => { if (e.Data != null) lock (writer) writer.WriteLine(e.Data); };
            process.OutputDataReceived += write;
            process.ErrorDataReceived += write;
        }

        process.Start();
        process.StandardInput.Close();
        if (writer != null)
        {
            lock (Logs) Logs[process.Id] = writer;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    /// <summary>After the child ended: its exit code, once its output is all in the log.</summary>
    public static int Reap(Process process)
    {
        process.WaitForExit();
        StreamWriter writer;
        lock (Logs)
        {
            if (Logs.TryGetValue(process.Id, out writer)) Logs.Remove(process.Id);
        }

        if (writer != null) lock (writer) writer.Dispose();
        return process.ExitCode;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern bool GenerateConsoleCtrlEvent(uint ctrlEvent, uint processGroupId);

    /// <summary>
    /// Asks a child to stop as Ctrl+C would: SIGTERM on Linux and macOS; on Windows there are no signals, so Ctrl+C goes
    /// to every process on this console (the children; this script ignores its own).
    /// </summary>
    public static bool Terminate(Process process)
    {
        if (!OperatingSystem.IsWindows()) return SysKill(process.Id, 15) == 0;
        Interlocked.Exchange(ref _ignoreInterruptUntil, DateTime.UtcNow.AddSeconds(2).Ticks);
        return GenerateConsoleCtrlEvent(0, 0);
    }
}
'@

# --- settings -----------------------------------------------------------------------------------------------------------
function Get-Setting([string]$Name, [string]$Default = '') {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($value)) { return $Default }
    return $value
}

$BridgeBind = Get-Setting BRIDGE_BIND 'tcp://127.0.0.1:5555'
$CarlaServer = (Get-Setting CARLA_SERVER) -replace '^carla://', ''
$RunsDir = Get-Setting RUNS_DIR 'runs'
$StopTimeout = [int](Get-Setting STOP_TIMEOUT '300')
$BridgeStopTimeout = 30
$BridgeStartTimeout = [int](Get-Setting BRIDGE_START_TIMEOUT '120')
$BridgeArgs = @((Get-Setting BRIDGE_ARGS) -split '\s+' | Where-Object { $_ })
$script:Cli = $null
$script:Children = [Collections.Generic.List[object]]::new()
$script:StopSignal = ''
$script:StopDeadline = [DateTime]::MaxValue
$script:SeenSignals = 0
$script:WorkDir = $null
$script:LastRun = ''
$script:CurrentItem = ''

function Write-Note([string]$Text) { [Console]::Error.WriteLine($Text) }
function Write-Line([string]$Text = '') { [Console]::Out.WriteLine($Text) }

# The carla-drl to run: CARLA_DRL (an executable or a .dll), else the Release build of src/CarlaDrl.Cli, built first
# when a source is newer than it (what ./carla-drl does; Windows has no bash for that script).
function Get-Cli {
    if ($script:Cli) { return $script:Cli }
    $override = Get-Setting CARLA_DRL
    if ($override) {
        $script:Cli = if ($override -like '*.dll') { @{ File = 'dotnet'; Prefix = @($override) } } else { @{ File = $override; Prefix = @() } }
        return $script:Cli
    }
    $project = Join-Path $Root 'src/CarlaDrl.Cli/CarlaDrl.Cli.csproj'
    $dll = Join-Path $Root 'src/CarlaDrl.Cli/bin/Release/net10.0/carla-drl.dll'
    $stale = -not (Test-Path -LiteralPath $dll)
    if (-not $stale) {
        $built = (Get-Item -LiteralPath $dll).LastWriteTimeUtc
        $sources = Get-ChildItem -Path (Join-Path $Root 'src') -Recurse -File -Include '*.cs', '*.csproj' |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
        $settings = 'Directory.Build.props', 'Directory.Packages.props', 'global.json' | ForEach-Object { Get-Item -LiteralPath (Join-Path $Root $_) -ErrorAction SilentlyContinue }
        $stale = [bool](@($sources) + @($settings) | Where-Object { $_ -and $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1)
    }
    if ($stale) {
        Write-Note 'carla-drl: building src/CarlaDrl.Cli (Release)...'
        $started = [DateTime]::UtcNow
        $output = & dotnet build $project -c Release -v quiet -nologo 2>&1
        if ($LASTEXITCODE -ne 0) {
            $output | ForEach-Object { Write-Note "$_" }
            throw 'carla-drl: build failed.'
        }
        # An edit that leaves the compiled output unchanged does not rewrite the dll; mark it current.
        (Get-Item -LiteralPath $dll).LastWriteTimeUtc = $started
    }
    $script:Cli = @{ File = 'dotnet'; Prefix = @($dll) }
    return $script:Cli
}

function Get-WorkDir {
    if (-not $script:WorkDir) {
        $script:WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("carla-drl-start." + [Guid]::NewGuid().ToString('N').Substring(0, 8))
        [void](New-Item -ItemType Directory -Path $script:WorkDir)
    }
    return $script:WorkDir
}

function Format-Command([string[]]$Words) {
    ($Words | ForEach-Object { if ($_ -match '[\s"''$`]' -or $_ -eq '') { "'" + ($_ -replace "'", "''") + "'" } else { $_ } }) -join ' '
}

# --- child processes ------------------------------------------------------------------------------------------------------
function Start-Child([string]$Name, [string[]]$Arguments, [string]$Log, [bool]$Front) {
    $cli = Get-Cli
    $process = [CarlaDrlStart]::Start($cli.File, [string[]](@($cli.Prefix) + @($Arguments)), $Root, $Log)
    # A hashtable: compared by reference, so List.Remove and -eq find exactly this child.
    $child = @{ Process = $process; Name = $Name; Front = $Front; Log = $Log; Id = $process.Id }
    $script:Children.Add($child)
    return $child
}

function Complete-Child($Child) {
    $code = [CarlaDrlStart]::Reap($Child.Process)
    [void]$script:Children.Remove($Child)
    return $code
}

function Format-Exit([int]$Code) {
    if ($Code -gt 128 -and $Code -lt 160 -and $Code -ne 130) {
        $names = @{ 1 = 'HUP'; 2 = 'INT'; 6 = 'ABRT'; 9 = 'KILL'; 11 = 'SEGV'; 15 = 'TERM' }
        $signal = $Code - 128
        return "exit ${Code}: killed by SIG$(if ($names.ContainsKey($signal)) { $names[$signal] } else { $signal })"
    }
    if ($Code -eq -1073741510) { return "exit ${Code}: ended by Ctrl+C" }
    return "exit $Code"
}

function Get-Names($Children) { ($Children | ForEach-Object { "$($_.Name) pid $($_.Id)" }) -join ', ' }

# Acts on signals that arrived since the last look: the first sends SIGTERM to the front children, a second kills all.
function Test-Signal {
    $count = [CarlaDrlStart]::Count
    if ($count -eq $script:SeenSignals) { return }
    $script:SeenSignals = $count
    $signal = [CarlaDrlStart]::Last
    if ($script:Children.Count -eq 0) { [Environment]::Exit($(if ($signal -eq 'INT') { 130 } else { 143 })) }
    if ($script:StopSignal) {
        Write-Note "SIG$signal again: killing $(Get-Names $script:Children) at once (no checkpoint)."
        foreach ($child in @($script:Children)) { try { $child.Process.Kill($true) } catch [InvalidOperationException] { } }
        return
    }
    $script:StopSignal = $signal
    $script:StopDeadline = [DateTime]::UtcNow.AddSeconds($StopTimeout)
    $targets = @($script:Children | Where-Object { $_.Front })
    if ($targets.Count -eq 0) { $targets = @($script:Children) }
    Write-Note "SIG${signal}: stopping $(Get-Names $targets) with SIGTERM and waiting (SIG$signal again kills at once)."
    foreach ($child in $targets) { [void][CarlaDrlStart]::Terminate($child.Process) }
}

# Waits until one of CHILDREN ends and returns @(child, exit code). Past the stop deadline, the front children are killed.
function Wait-Any($Children) {
    while ($true) {
        foreach ($child in $Children) {
            if ($child.Process.HasExited) { return @($child, (Complete-Child $child)) }
        }
        Test-Signal
        if ($script:StopSignal -and [DateTime]::UtcNow -gt $script:StopDeadline) {
            $front = @($script:Children | Where-Object { $_.Front })
            Write-Note "still running $StopTimeout s after SIGTERM: killing $(Get-Names $front) (no checkpoint on the way out)."
            foreach ($child in $front) { try { $child.Process.Kill($true) } catch [InvalidOperationException] { } }
            $script:StopDeadline = [DateTime]::MaxValue
        }
        [Threading.Thread]::Sleep(200)
    }
}

# Stops one child with SIGTERM (killed after TIMEOUT seconds), reports how it ended and returns its exit code.
function Stop-Child($Child, [int]$Timeout) {
    if (-not $Child.Process.HasExited) { [void][CarlaDrlStart]::Terminate($Child.Process) }
    if (-not $Child.Process.WaitForExit($Timeout * 1000)) {
        Write-Note "$($Child.Name) pid $($Child.Id) did not stop within $Timeout s after SIGTERM; killing it."
        try { $Child.Process.Kill($true) } catch [InvalidOperationException] { }
    }
    $code = Complete-Child $Child
    Write-Note "stopped: $($Child.Name) pid $($Child.Id) ($(Format-Exit $code))"
    return $code
}

function Stop-AllChildren {
    while ($script:Children.Count -gt 0) { [void](Stop-Child $script:Children[0] $BridgeStopTimeout) }
}

# --- addresses -------------------------------------------------------------------------------------------------------------
function Get-Host([string]$Address) { (($Address -replace '^[a-z]+://', '') -replace ':[^:]*$', '') }
function Get-Port([string]$Address) { ($Address -replace '^.*:', '') }

function Get-EvalBind {
    $bind = Get-Setting EVAL_BRIDGE_BIND
    if ($bind) { return $bind }
    $port = Get-Port $BridgeBind
    if ($port -eq '0') { return "tcp://$(Get-Host $BridgeBind):0" }
    return "tcp://$(Get-Host $BridgeBind):$([int]$port + 1)"
}

function Get-Dial([string]$Endpoint) {
    $address = Get-Host $Endpoint
    if ($address -in '*', '0.0.0.0', '') { $address = '127.0.0.1' }
    return "zmq://${address}:$(Get-Port $Endpoint)"
}

function Get-BridgeWorld { if ($CarlaServer) { "carla://$CarlaServer" } else { 'embedded' } }

# --- runs ------------------------------------------------------------------------------------------------------------------
function Get-RunsDirIn([string[]]$Arguments) {
    $dir = $RunsDir
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        if ($Arguments[$i] -eq '--set' -and $i + 1 -lt $Arguments.Count -and $Arguments[$i + 1] -like 'run.runs_dir=*') { $dir = $Arguments[$i + 1].Substring('run.runs_dir='.Length) }
        elseif ($Arguments[$i] -like '--set=run.runs_dir=*') { $dir = $Arguments[$i].Substring('--set=run.runs_dir='.Length) }
    }
    return $dir
}

function Get-RunWritten([datetime]$Since, [string[]]$Arguments) {
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        $resume = $null
        if ($Arguments[$i] -eq '--resume' -and $i + 1 -lt $Arguments.Count) { $resume = $Arguments[$i + 1] }
        elseif ($Arguments[$i] -like '--resume=*') { $resume = $Arguments[$i].Substring('--resume='.Length) }
        if ($resume) {
            if (Test-Path -LiteralPath $resume -PathType Leaf) { $resume = Split-Path -Parent (Split-Path -Parent $resume) }
            return [IO.Path]::GetFullPath($resume).TrimEnd('/', '\')
        }
    }
    $dir = Get-RunsDirIn $Arguments
    if (-not (Test-Path -LiteralPath $dir -PathType Container)) { return '' }
    $written = Get-ChildItem -LiteralPath $dir -Directory | ForEach-Object { Get-Item -LiteralPath (Join-Path $_.FullName 'config.resolved.json') -ErrorAction SilentlyContinue } |
        Where-Object { $_ -and $_.LastWriteTimeUtc -ge $Since } | Sort-Object LastWriteTimeUtc | Select-Object -Last 1
    if ($written) { return $written.Directory.FullName }
    return ''
}

function Get-NewestCheckpoint([string]$Run) {
    $dir = Join-Path $Run 'checkpoints'
    if (-not (Test-Path -LiteralPath $dir)) { return $null }
    Get-ChildItem -LiteralPath $dir -Filter 'checkpoint_*.zip' | Sort-Object Name | Select-Object -Last 1
}

function Get-Shown([string]$Path) {
    $prefix = $Root.TrimEnd('/', '\') + [IO.Path]::DirectorySeparatorChar
    if ($Path.StartsWith($prefix)) { return $Path.Substring($prefix.Length) }
    return $Path
}

function Write-TrainingReport([int]$Code, [string]$Run) {
    $prefix = if ($script:StopSignal) { 'stopped: training' } else { 'training ended' }
    $checkpoint = if ($Run) { Get-NewestCheckpoint $Run } else { $null }
    $shown = if ($Run) { Get-Shown $Run } else { '' }
    $what = switch ($Code) {
        0 { 'exit 0: finished' + $(if ($Run) { ", run $shown" }) + $(if ($checkpoint) { ", final checkpoint $(Get-Shown $checkpoint.FullName)" }) }
        130 { "exit 130: interrupted, checkpoint saved in $(if ($Run) { $shown } else { 'the run directory' })$([IO.Path]::DirectorySeparatorChar)checkpoints" + $(if ($checkpoint) { " ($($checkpoint.Name))" }) }
        2 { 'exit 2: configuration or argument error, see the message above' }
        default { (Format-Exit $Code) + $(if ($Run) { ", run $shown" }) }
    }
    Write-Note "$prefix ($what)"
    if ($Code -eq 130 -and $Run) { Write-Note "continue with: pwsh scripts/start.ps1 $($script:CurrentItem) --resume $shown" }
}

# Runs train until it ends (or a signal stops it), watching the bridge workers in WATCHED: when one ends first, training is
# stopped (with a checkpoint). Returns train's exit code; sets LastRun and BridgeDied.
function Invoke-Training($Watched, [string[]]$Arguments) {
    $script:LastRun = ''
    $since = [DateTime]::UtcNow.AddSeconds(-1)
    Write-Note "running: $(Format-Command (@('./carla-drl', 'train') + $Arguments))"
    $trainer = Start-Child 'training' (@('train') + $Arguments) $null $true
    $watching = [Collections.Generic.List[object]]::new()
    $watching.Add($trainer)
    foreach ($worker in @($Watched)) { if ($worker) { $watching.Add($worker) } }
    while ($true) {
        $ended, $code = Wait-Any $watching
        if ($ended -eq $trainer) { break }
        Write-Note "bridge worker pid $($ended.Id) ended during training ($(Format-Exit $code)); stopping the training (it saves a checkpoint)."
        if ($ended.Log -and (Test-Path -LiteralPath $ended.Log)) { Get-Content -LiteralPath $ended.Log -Tail 20 | ForEach-Object { Write-Note "  $_" } }
        $script:BridgeDied = $true
        if (-not $script:StopSignal) {
            $script:StopSignal = 'TERM'
            $script:StopDeadline = [DateTime]::UtcNow.AddSeconds($StopTimeout)
            [void][CarlaDrlStart]::Terminate($trainer.Process)
        }
        [void]$watching.Remove($ended)
    }
    $run = Get-RunWritten $since $Arguments
    if ($run) { $script:LastRun = $run }
    Write-TrainingReport $code $run
    return $code
}

# Starts a bridge worker with its output in a log and waits for its ready line. Returns @(child, endpoint) or
# @($null, exit code) when it ended or did not get ready (and says why).
function Start-Bridge([string]$Name, [string]$LogName, [string]$Bind, [string]$World) {
    $log = Join-Path (Get-WorkDir) $LogName
    $arguments = @('bridge', '--bind', $Bind, '--world', $World, '--quiet') + $BridgeArgs
    Write-Note "running: $(Format-Command (@('./carla-drl') + $arguments))"
    $child = Start-Child $Name $arguments $log $true
    $deadline = [DateTime]::UtcNow.AddSeconds($BridgeStartTimeout)
    while ($true) {
        $text = if (Test-Path -LiteralPath $log) { [IO.File]::ReadAllText($log) } else { '' }
        $ready = [regex]::Match($text, '(?m)^bridge: .* on (tcp://\S+) ')
        if ($ready.Success) {
            Write-Note "$Name pid $($child.Id) ready on $($ready.Groups[1].Value)"
            return @($child, $ready.Groups[1].Value)
        }
        if ($child.Process.HasExited) {
            $code = Complete-Child $child
            Write-Note "$Name failed to start ($(Format-Exit $code)) on ${Bind}:"
            Get-Content -LiteralPath $log | ForEach-Object { Write-Note "  $_" }
            if ([IO.File]::ReadAllText($log) -match '(?i)in ?use') {
                Write-Note "port $(Get-Port $Bind) is taken: ./carla-drl health --bridge $Bind names the process holding it; or pick another port, e.g. BRIDGE_BIND=tcp://127.0.0.1:5565 (the evaluation worker takes the next port; EVAL_BRIDGE_BIND sets it)."
            }
            return @($null, $code)
        }
        Test-Signal
        if ($script:StopSignal) { return @($null, 130) }
        if ([DateTime]::UtcNow -gt $deadline) {
            Write-Note "$Name printed no ready line within $BridgeStartTimeout s (log: $log); stopping it."
            [void](Stop-Child $child $BridgeStopTimeout)
            return @($null, 1)
        }
        [Threading.Thread]::Sleep(200)
    }
}

# --- items -----------------------------------------------------------------------------------------------------------------
function Invoke-Full([string[]]$Rest) {
    $world = Get-BridgeWorld
    $evalBind = Get-EvalBind
    $evalWorld = ''
    if ($CarlaServer) {
        $evalServer = Get-Setting CARLA_EVAL_SERVER
        if ($evalServer) { $evalWorld = 'carla://' + ($evalServer -replace '^carla://', '') }
    }
    elseif ($evalBind -ne 'none') { $evalWorld = 'embedded' }
    Write-Note "full system: bridge worker ($world) on $BridgeBind$(if ($evalWorld) { ", evaluation worker ($evalWorld) on $evalBind" }), then training."
    $script:BridgeDied = $false
    $bridge, $endpoint = Start-Bridge 'bridge worker' 'bridge.log' $BridgeBind $world
    if (-not $bridge) {
        Stop-AllChildren
        Write-Note 'the training was not started.'
        return $endpoint
    }
    $watched = @($bridge)
    if ($evalWorld) {
        $evalBridge, $evalEndpoint = Start-Bridge 'evaluation bridge worker' 'eval-bridge.log' $evalBind $evalWorld
        if (-not $evalBridge) {
            Stop-AllChildren
            Write-Note 'the training was not started.'
            return $evalEndpoint
        }
        $evalArgs = @('--set', "world.eval_server=$(Get-Dial $evalEndpoint)")
        $watched += $evalBridge
    }
    else {
        $evalArgs = @('--set', 'run.eval_episodes=0')
        Write-Note 'no evaluation worker: training runs without evaluations (run.eval_episodes=0).'
    }
    # The workers now only stop after the trainer, which needs them to finish its last step and save.
    foreach ($worker in $watched) { $worker.Front = $false }
    $arguments = @('--world', (Get-Dial $endpoint), '--set', 'run.num_envs=1') + $evalArgs
    if (Get-Setting RUNS_DIR) { $arguments += @('--set', "run.runs_dir=$RunsDir") }
    $code = Invoke-Training $watched ($arguments + $Rest)
    Stop-AllChildren
    if ($script:LastRun -and (Test-Path -LiteralPath $script:LastRun)) {
        # The workers' logs go with the run, as train --workers keeps its own (runs/<name>/workers/).
        $workers = Join-Path $script:LastRun 'workers'
        [void](New-Item -ItemType Directory -Force -Path $workers)
        Get-ChildItem -LiteralPath (Get-WorkDir) -Filter '*bridge.log' | Copy-Item -Destination $workers
        Write-Note "bridge worker logs: $(Get-Shown $workers)"
    }
    if ($script:BridgeDied -and $code -eq 0) { return 1 }
    return $code
}

function Invoke-Bridge([string[]]$Rest) {
    $world = Get-BridgeWorld
    Write-Note "simulator side: bridge worker ($world) on $BridgeBind; stop it with Ctrl+C (or SIGTERM to pid $PID)."
    Write-Note "train against it: BRIDGE=$(Get-Dial $BridgeBind) pwsh scripts/start.ps1 3"
    $arguments = @('bridge', '--bind', $BridgeBind, '--world', $world) + $BridgeArgs + $Rest
    Write-Note "running: $(Format-Command (@('./carla-drl') + $arguments))"
    $child = Start-Child 'bridge worker' $arguments $null $true
    $ended, $code = Wait-Any @($child)
    if ($script:StopSignal) { Write-Note "stopped: bridge worker pid $($ended.Id) ($(Format-Exit $code))" }
    else { Write-Note "bridge worker pid $($ended.Id) ended ($(Format-Exit $code))" }
    return $code
}

function Invoke-Train([string[]]$Rest) {
    $arguments = @()
    $bridges = Get-Setting BRIDGE
    if ($bridges) {
        $count = @($bridges -split ',' | Where-Object { $_.Trim() }).Count
        $arguments += @('--world', $bridges, '--set', "run.num_envs=$count")
        $evalBridge = Get-Setting EVAL_BRIDGE
        $arguments += if ($evalBridge) { @('--set', "world.eval_server=$evalBridge") } else { @('--set', 'run.eval_episodes=0') }
    }
    if (Get-Setting RUNS_DIR) { $arguments += @('--set', "run.runs_dir=$RunsDir") }
    return Invoke-Training @() ($arguments + $Rest)
}

function Invoke-Health([string[]]$Rest) {
    $arguments = @('health')
    if ($CarlaServer) { $arguments += @('--carla', $CarlaServer) }
    foreach ($bridge in ((Get-Setting BRIDGE) -split ',' | Where-Object { $_.Trim() })) { $arguments += @('--bridge', $bridge.Trim()) }
    if (Get-Setting RUNS_DIR) { $arguments += @('--runs-dir', $RunsDir) }
    $arguments += $Rest
    Write-Note "running: $(Format-Command (@('./carla-drl') + $arguments))"
    $child = Start-Child 'health' $arguments $null $true
    $ended, $code = Wait-Any @($child)
    switch ($code) {
        0 { Write-Note 'health check passed (exit 0)' }
        1 { Write-Note 'health check: a required check failed (exit 1; the remedies are above)' }
        default { Write-Note "health check ended ($(Format-Exit $code))" }
    }
    return $code
}

# A training holds its CSV files open; .NET locks what it opens (flock on Linux and macOS, sharing on Windows), so a run
# whose metrics.csv cannot be opened exclusively is being written right now.
function Test-Running([string]$Run) {
    foreach ($name in 'metrics.csv', 'episodes.csv', 'evaluations.csv') {
        $file = Join-Path $Run $name
        if (-not (Test-Path -LiteralPath $file)) { continue }
        try { ([IO.FileStream]::new($file, 'Open', 'Read', 'None')).Dispose() }
        catch [IO.IOException] { return $true }
        catch [UnauthorizedAccessException] { return $true }
    }
    return $false
}

function Invoke-Runs([string[]]$Rest) {
    if ($Rest.Count -gt 0) {
        Write-Note 'item 5 takes no arguments (set RUNS_DIR to list another directory).'
        return 2
    }
    if (-not (Test-Path -LiteralPath $RunsDir -PathType Container)) {
        Write-Line "no runs yet: $RunsDir does not exist (train one with pwsh scripts/start.ps1 3)."
        return 0
    }
    $abs = (Resolve-Path -LiteralPath $RunsDir).ProviderPath.TrimEnd('/', '\')
    $runs = @(Get-ChildItem -LiteralPath $abs -Directory | Where-Object { (Test-Path -LiteralPath (Join-Path $_.FullName 'config.yaml')) -or (Test-Path -LiteralPath (Join-Path $_.FullName 'checkpoints')) } | Sort-Object Name)
    Write-Line "runs in $(Get-Shown $abs):"
    $invariant = [Globalization.CultureInfo]::InvariantCulture
    foreach ($run in $runs) {
        $checkpoint = Get-NewestCheckpoint $run.FullName
        $steps = if ($checkpoint) { [long]($checkpoint.BaseName.Substring('checkpoint_'.Length)) } else { 0 }
        $total = ''
        $resolved = Join-Path $run.FullName 'config.resolved.json'
        if (Test-Path -LiteralPath $resolved) {
            $match = [regex]::Match([IO.File]::ReadAllText($resolved), '"total_timesteps":\s*(\d+)')
            if ($match.Success) { $total = '/' + $match.Groups[1].Value }
        }
        Write-Line "  $($run.Name): $steps$total steps$(if ($checkpoint) { " (checkpoints/$($checkpoint.Name))" })"
        $evaluations = Join-Path $run.FullName 'evaluations.csv'
        $last = if (Test-Path -LiteralPath $evaluations) { @([IO.File]::ReadAllLines($evaluations) | Select-Object -Skip 1 | Where-Object { $_ }) | Select-Object -Last 1 } else { $null }
        if ($last) {
            # wall_time,step,episodes,route_completion,success_rate,collision_or_off_road_rate,…,mean_speed,mean_return
            $c = $last.Split(',')
            $n = { param($i) [double]::Parse($c[$i], $invariant) }
            Write-Line ([string]::Format($invariant, '    last evaluation @ {0}: route completion {1:0.000}, success rate {2:0.000}, collision/off-road rate {3:0.000}, mean return {4:0.00} ({5} episodes)', $c[1], (& $n 3), (& $n 4), (& $n 5), (& $n 12), $c[2]))
        }
        else { Write-Line '    no evaluation yet' }
        Write-Line "    $(if (Test-Running $run.FullName) { 'running' } else { 'not running' })"
    }
    if ($runs.Count -eq 0) {
        Write-Line '  (none yet: train one with pwsh scripts/start.ps1 3)'
        return 0
    }
    $recent = @($runs | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 4 | ForEach-Object { Get-Shown $_.FullName })
    Write-Line ''
    Write-Line "TensorBoard: tensorboard --logdir $(Format-Command @($abs))"
    if (-not (Get-Command tensorboard -ErrorAction SilentlyContinue)) { Write-Line '  (tensorboard is not installed here: pip install tensorboard)' }
    Write-Line "Learning curves as a PNG: ./carla-drl plot $(Format-Command $recent) --out curves.png"
    return 0
}

$Items = [ordered]@{ '1' = 'full'; '2' = 'bridge'; '3' = 'train'; '4' = 'health'; '5' = 'runs'; '6' = 'exit' }

function Invoke-MenuItem([string]$Item, [string[]]$Rest) {
    $script:CurrentItem = $Item
    $script:StopSignal = ''
    $script:StopDeadline = [DateTime]::MaxValue
    $script:SeenSignals = [CarlaDrlStart]::Count
    switch ($Item) {
        { $_ -in '1', 'full' } { return Invoke-Full $Rest }
        { $_ -in '2', 'bridge' } { return Invoke-Bridge $Rest }
        { $_ -in '3', 'train' } { return Invoke-Train $Rest }
        { $_ -in '4', 'health' } { return Invoke-Health $Rest }
        { $_ -in '5', 'runs' } { return Invoke-Runs $Rest }
        default { return 0 }
    }
}

function Show-Menu {
    $world = Get-BridgeWorld
    $bridges = Get-Setting BRIDGE
    while ($true) {
        Write-Line ''
        Write-Line 'CarlaDrl start menu'
        Write-Line "  1) Full system: bridge worker ($world) + training against it"
        Write-Line "  2) Simulator side only: bridge worker ($world) on $BridgeBind"
        Write-Line "  3) $(if ($bridges) { "Training only, on the bridge worker(s) $bridges" } else { 'Training only (embedded world)' })"
        Write-Line '  4) Health check'
        Write-Line '  5) Runs and the TensorBoard command'
        Write-Line '  6) Exit'
        while ($true) {
            [Console]::Out.Write('Choice [1-6]: ')
            [CarlaDrlStart]::Idle = $true
            $answer = [Console]::In.ReadLine()
            [CarlaDrlStart]::Idle = $false
            if ($null -eq $answer) {
                Write-Line ''
                Write-Line 'end of input; bye.'
                return 0
            }
            if ([Console]::IsInputRedirected) { Write-Line $answer } # the answer, as a terminal would have echoed it
            $choice = $answer.Trim()
            if ($choice -match '^[1-6]$') { break }
            if ($choice -eq '') { Write-Line 'no answer: type a number from 1 to 6.' }
            else { Write-Line "'$choice' is not a choice: type a number from 1 to 6." }
        }
        if ($choice -eq '6') {
            Write-Line 'bye.'
            return 0
        }
        $code = Invoke-MenuItem $choice @()
        Write-Note "(item $choice ended with exit code $code)"
        if ($script:StopSignal -in 'TERM', 'HUP') { return $code }
        if ([CarlaDrlStart]::Count -ne $script:SeenSignals -and [CarlaDrlStart]::Last -ne 'INT') { return 143 } # came while nothing ran
    }
}

# --- main ------------------------------------------------------------------------------------------------------------------
$arguments = @($args)
if ($arguments.Count -gt 0 -and $arguments[0] -in '-h', '--help', 'help', '-?', '/?') {
    Show-Usage
    exit 0
}
if ($arguments.Count -gt 0 -and -not ($Items.Contains([string]$arguments[0]) -or $Items.Values -contains $arguments[0])) {
    Write-Note "start: '$($arguments[0])' is not an item; items are 1-6 (or full, bridge, train, health, runs, exit). See pwsh scripts/start.ps1 --help."
    exit 2
}

[CarlaDrlStart]::Listen()
$finished = $false
$code = 0
try {
    if ($arguments.Count -eq 0) { $code = Show-Menu }
    else { $code = Invoke-MenuItem ([string]$arguments[0]) ([string[]]@($arguments | Select-Object -Skip 1)) }
    $finished = $true
}
catch {
    Write-Note "start: error: $_"
    $code = 1
    $finished = $true
}
finally {
    # PowerShell stops the script on Ctrl+C (and on an error): stop and report what still runs before leaving.
    if ($script:Children.Count -gt 0) {
        if (-not $finished) { Write-Note 'stopping: the script was interrupted.' }
        foreach ($child in @($script:Children)) {
            [void](Stop-Child $child $(if ($child.Name -eq 'training') { $StopTimeout } else { $BridgeStopTimeout }))
        }
    }
    if ($script:WorkDir) { Remove-Item -LiteralPath $script:WorkDir -Recurse -Force -ErrorAction SilentlyContinue }
    if (-not $finished) { [Environment]::Exit(130) }
}
exit $code
