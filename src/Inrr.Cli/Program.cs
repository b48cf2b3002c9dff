using Inrr.Cli;
using Inrr.Torch.Runtime;
using Spectre.Console;

// Under tcmalloc (when installed) a fit runs ~1.8x faster with flat memory; an allocator can only be chosen
// before the process starts, so the tool runs itself again with it preloaded (see the README's platform notes).
if (FastAllocator.RelaunchIfAvailable(args) is int childExitCode) return childExitCode;

// Ctrl+C cancels the running fit cleanly (finished outputs stay, the batch resumes later) instead of killing the process.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await CliApplication.Create(AnsiConsole.Console).RunAsync(args, cancellation.Token);
