using Inrr.Cli.Commands;
using Inrr.Cli.Fitting;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Cli;

/// <summary>
/// The <c>inrr</c> command-line application: its commands, help and examples, and how errors end a run.
/// Built around an <see cref="IAnsiConsole"/> so tests can run it against a recording console.
/// </summary>
internal static class CliApplication
{
    /// <summary>Exit code of a run that did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a run that failed while working (a batch with failed images, an unexpected error).</summary>
    public const int Failure = 1;

    /// <summary>Exit code of a bad command line or unreadable input: nothing was computed.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code after Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Creates the application writing to <paramref name="console"/>.</summary>
    public static CommandApp Create(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName(Output.CommandLine.ToolName);
            config.SetApplicationVersion(typeof(CliApplication).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            config.ConfigureConsole(console);
            // A mistyped option must stop the run, not be ignored while the defaults run for minutes.
            config.UseStrictParsing();
            config.Settings.Registrar.RegisterInstance(console);
            config.SetExceptionHandler((exception, _) => Report(console, exception));

            config.AddCommand<DemoCommand>("demo")
                .WithDescription($"Complete the built-in picture under a text mask with the methods {DemoCommand.DefaultMethods.Replace(",", ", ", StringComparison.Ordinal)} and write a report. Needs no files. Demo defaults: --size {DemoCommand.DefaultSize} --steps {DemoCommand.DefaultSteps}.")
                .WithExample("demo")
                .WithExample("demo", "--out", "out/demo", "--steps", "600");
            config.AddCommand<CompleteCommand>("complete")
                .WithDescription("Complete one image under a mask and write the completed PNG (and optionally a report).")
                .WithExample("complete", "photo.png", "--mask", "mask.png", "--out", "photo-completed.png")
                .WithExample("complete", "photo.png", "--mask", "random:0.5", "--regularizer", "inrr", "--report", "out/photo")
                .WithExample("complete", "photo.png", "--mask", "text:\"HELLO WORLD\"", "--preset", "paper", "--steps", "3000");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("Complete one image with several regularisers (same seed and steps) and write a side-by-side report.")
                .WithExample("compare", "photo.png", "--mask", "random:0.5", "--out", "out/compare")
                .WithExample("compare", "photo.png", "--mask", "patch:40,40,24,24", "--methods", "none,tv,inrr", "--steps", "400");
            config.AddCommand<DenoiseCommand>("denoise")
                .WithDescription($"Denoise one picture (the paper's second task) with several methods (default {DenoiseCommand.DefaultMethods}) and write a report with PSNR/SSIM per step.")
                .WithExample("denoise", "photo.png", "--sigma", "0.1", "--out", "out/denoise")
                .WithExample("denoise", "noisy.png", "--truth", "clean.png", "--methods", "none,inrr");
            config.AddCommand<BatchCommand>("batch")
                .WithDescription("Complete every image of a folder; resumable, one record per image, --shard to split a data set over machines.")
                .WithExample("batch", "images/", "--masks", "masks/", "--out", "completed/")
                .WithExample("batch", "images/", "--mask", "random:0.5", "--out", "completed/", "--shard", "0/4")
                .WithExample("batch", "images/", "--mask", "random:0.5", "--out", "completed/", "--shard", "auto");
            config.AddCommand<MergeCommand>("merge")
                .WithDescription("Combine the record files of a batch's shards into one results.csv/json and a summary (counts, mean metrics, failures).")
                .WithExample("merge", "completed/", "--input", "images/");
        });
        return app;
    }

    /// <summary>Prints an error as one readable message (a stack trace only for a bug) and picks the exit code.</summary>
    private static int Report(IAnsiConsole console, Exception exception)
    {
        switch (exception)
        {
            case CommandAppException { Pretty: { } pretty }:
                console.Write(pretty);
                return UsageError;
            case CommandAppException or InputException:
                console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
                console.MarkupLine("[grey]Add --help after the command for its options.[/]");
                return UsageError;
            case OperationCanceledException:
                console.MarkupLine("[yellow]cancelled[/]");
                return Cancelled;
            default:
                console.MarkupLine($"[red]error:[/] {Markup.Escape(exception.Message)}");
                console.WriteException(exception, ExceptionFormats.ShortenEverything);
                return Failure;
        }
    }
}
