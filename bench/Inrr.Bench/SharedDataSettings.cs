using System.ComponentModel;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>The options every benchmark over the shared pictures takes: where they are and how many torch threads.</summary>
internal abstract class SharedDataSettings : CommandSettings
{
    [CommandOption("--threads")]
    [Description("Torch threads. Default 2.")]
    public int Threads { get; init; } = 2;

    [CommandOption("--data")]
    [Description("The shared data folder (default: ../shared/data beside the repository).")]
    public string? Data { get; init; }
}
