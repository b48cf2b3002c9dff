using Spectre.Console.Testing;

namespace Inrr.Cli.Tests;

/// <summary>Runs the real application, as the shell would, against a recording console.</summary>
internal static class Cli
{
    /// <summary>Options that make every fit tiny: the tests check the tool, not the quality.</summary>
    public static readonly string[] Tiny = ["--representation", "siren:2x16", "--steps", "4", "--threads", "1"];

    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        int exitCode = CliApplication.Create(console).Run(args);
        return (exitCode, console.Output);
    }
}
