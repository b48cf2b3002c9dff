using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Everything that decides a completion: the representation, the regularisers, the number of steps, the seed and
/// the threads. Plain data: serialisable as JSON and comparable by value. Start from a preset
/// (<see cref="Paper"/>) and change what you need with <c>with { ... }</c>.
/// </summary>
public sealed record CompletionOptions
{
    /// <summary>Number of optimisation steps (each one pass over the full pixel grid). Default 3000.</summary>
    public int Steps { get; init; } = 3000;

    /// <summary>What represents the image. Default: the paper's SIREN.</summary>
    public RepresentationOptions Representation { get; init; } = new SirenOptions();

    /// <summary>Regularisers whose losses are added to the data term. Default: INRR with the paper's settings.</summary>
    public IReadOnlyList<RegularizerOptions> Regularizers { get; init; } = [new InrrOptions()];

    /// <summary>
    /// First step at which the regularisers count. Default 1: as in the reference, step 0 fits the data term
    /// alone.
    /// </summary>
    public int RegularizerStartStep { get; init; } = 1;

    /// <summary>Seed of every random initialisation: the same seed, options and input give the same numbers. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Torch intra-op threads (process-wide); 0 leaves torch's default (all cores). Default 0.</summary>
    public int Threads { get; init; }

    /// <summary>Steps between two entries of the history and two progress reports. Default 100.</summary>
    public int LogInterval { get; init; } = 100;

    /// <summary>Whether the result carries the learned row/column adjacency matrices (k x k each). Default true.</summary>
    public bool CaptureAdjacency { get; init; } = true;

    /// <summary>The paper's reference run: SIREN 5 x 256, Adam 1e-4, INRR eta 1e-6, 10001 steps. Hours on a CPU.</summary>
    public static CompletionOptions Paper => new() { Steps = 10001 };

    /// <summary>The paper's configuration without any regulariser (vanilla SIREN).</summary>
    public static CompletionOptions PaperVanilla => Paper with { Regularizers = [] };

    /// <summary>Throws when an option is out of range, naming it.</summary>
    public void Validate()
    {
        OptionChecks.Positive(Steps, nameof(Steps));
        if (Representation is null) throw new ArgumentNullException(nameof(Representation));
        if (Regularizers is null) throw new ArgumentNullException(nameof(Regularizers));
        Representation.Validate();
        foreach (var r in Regularizers)
        {
            if (r is null) throw new ArgumentException("Regularizers contains a null entry.", nameof(Regularizers));
            r.Validate();
        }
        if (RegularizerStartStep < 0) throw new ArgumentOutOfRangeException(nameof(RegularizerStartStep), RegularizerStartStep, "Must be 0 or more.");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be 0 (torch default) or positive.");
        OptionChecks.Positive(LogInterval, nameof(LogInterval));
    }

    /// <summary>A one-line description for logs and reports.</summary>
    public string Describe() =>
        $"{Representation.Describe()}; {(Regularizers.Count == 0 ? "no regulariser" : string.Join(" + ", Regularizers.Select(r => r.Describe())))}; {Steps} steps, seed {Seed}";
}
