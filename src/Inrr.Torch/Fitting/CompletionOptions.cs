using System.Text.Json;
using System.Text.Json.Serialization;
using Inrr.Torch.Regularizers;
using Inrr.Torch.Representations;
using Inrr.Torch.Runtime;

namespace Inrr.Torch.Fitting;

/// <summary>
/// Everything that decides a completion: the representation, the regularisers, the number of steps, the seed and
/// the threads. Plain data: serialisable as JSON and comparable by value. Start from a preset
/// (<see cref="Guided"/>, the defaults; <see cref="Fast"/>; <see cref="Paper"/>) and change what you need with <c>with { ... }</c>.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompletionOptions
{
    /// <summary>Number of optimisation steps (each one pass over the full or the coarse grid). Default 300 (the Guided preset; Fast 1000).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>What represents the image. Default: the Fast preset's SIREN, 4 x 128, Adam 1e-3.</summary>
    public RepresentationOptions Representation { get; init; } = FastSiren;

    /// <summary>
    /// Regularisers whose losses are added to the data term. Default: INRR at the paper's weights with its tiny
    /// INRs learning 10x faster (Adam 1e-3), the Fast preset's.
    /// </summary>
    public IReadOnlyList<RegularizerOptions> Regularizers { get; init; } = [FastInrr];

    /// <summary>
    /// First step at which the regularisers count. Default 1: as in the reference, step 0 fits the data term
    /// alone.
    /// </summary>
    public int RegularizerStartStep { get; init; } = 1;

    /// <summary>Seed of every random initialisation: the same seed, options and input give the same numbers. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Torch intra-op threads (process-wide); 0 = <see cref="TorchRuntime.DefaultThreads"/>, half the logical processors,
    /// the one meaning of 0 in the engine, the tool and ML.NET (which shares the cores out between concurrent rows). At
    /// most <see cref="MaxThreads"/>. Results do not depend on it. Default 0.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>
    /// Where the fit runs: <c>cpu</c>, <c>cuda</c> (the first GPU) or <c>cuda:N</c>. Every network and tensor of the fit
    /// lives there; weights are initialised on the CPU from <see cref="Seed"/> and then moved, so every device starts
    /// from the same numbers. A CUDA device needs the CUDA build of libtorch (<c>-p:InrrTorchBackend=cuda</c>).
    /// Classical fills always run on the CPU. Default <c>cpu</c>.
    /// </summary>
    public string Device { get; init; } = TorchRuntime.CpuDevice;

    /// <summary>The most <see cref="Threads"/> accepts: more only make OpenMP's threads wait for each other (10^5 hung the process).</summary>
    public const int MaxThreads = 256;

    /// <summary>
    /// The memory a fit may use, in bytes; a fit whose estimate (<see cref="FitEstimate"/>) exceeds it is refused before
    /// it starts with a <see cref="FitTooLargeException"/> naming the size that fits. 0 = what the machine has
    /// available when the fit starts. Default 0.
    /// </summary>
    public long MemoryLimitBytes { get; init; }

    /// <summary>Steps between two entries of the history and two progress reports. Default 100.</summary>
    public int LogInterval { get; init; } = 100;

    /// <summary>Whether the result carries the learned row/column adjacency matrices (k x k each). Default true.</summary>
    public bool CaptureAdjacency { get; init; } = true;

    /// <summary>
    /// Coarse-to-fine: this fraction of the steps, first, fits the image sampled on a grid
    /// <see cref="CoarseFactor"/> times coarser (observed pixels averaged per cell), at about 1/CoarseFactor^2 of
    /// the cost per step; the rest fit the full grid. An INR is a function of position, so what it learns on the
    /// coarse grid carries over. Applies only when the representation and every regulariser can work on a coarser
    /// grid (SIREN, Fourier features; INRR, TV, L2): with DMF, AIR or the cosine graph all steps are full-grid.
    /// Default 0.75 (the Guided preset's: at 256 x 256 a full-grid step costs four coarse ones, and with the classical
    /// fills in the blend the last full-grid steps bought little; 0.5 took 74-79 s per picture instead of 43-50 s, see
    /// docs/benchmarks.md 4.2 and 4.3; Fast 0.3, the paper's 0).
    /// </summary>
    public double CoarseFraction { get; init; } = 0.75;

    /// <summary>Steps the coarse stage takes (see <see cref="CoarseFraction"/>): 0 when the parts do not support it.</summary>
    [JsonIgnore]
    public int CoarseSteps =>
        Representation.IsResolutionFree && Regularizers.All(r => r.IsResolutionFree) ? (int)(CoarseFraction * Steps) : 0;

    /// <summary>How much coarser the coarse grid is (see <see cref="CoarseFraction"/>). Default 2.</summary>
    public int CoarseFactor { get; init; } = 2;

    /// <summary>
    /// How every learning rate evolves over the steps. Default <see cref="LearningRateSchedule.Cosine"/> (the Fast
    /// preset's; the paper's is constant).
    /// </summary>
    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>With a cosine schedule, the last step's learning rate as a fraction of the first. Default 0.05.</summary>
    public double FinalLearningRateFraction { get; init; } = 0.05;

    /// <summary>
    /// With a cosine schedule and a coarse stage (<see cref="CoarseSteps"/> &gt; 0): when positive, the cosine runs over the
    /// coarse steps alone and starts again at the first full-grid step, from this fraction of each initial learning rate,
    /// over the full-grid steps. With three quarters of the steps coarse, one cosine over all of them leaves the full grid
    /// a sixth of the initial rate: too little to learn what the coarse grid could not show (boats, random 70 %, 128 x 128:
    /// the network alone 0.0634 -> 0.0611 hole NMAE with the restart; docs/benchmarks.md 4.2). 0 = one cosine over all the
    /// steps (Fast, Paper). Default 1 (the Guided preset's).
    /// </summary>
    public double FullGridRestart { get; init; } = 1;

    /// <summary>The step at which the learning rates restart (<see cref="FullGridRestart"/>), or 0 for none.</summary>
    [JsonIgnore]
    public int RestartStep => FullGridRestart > 0 && LearningRateSchedule == LearningRateSchedule.Cosine ? CoarseSteps : 0;

    /// <summary>
    /// Decay of an exponential moving average of the rendered image over the full-grid steps; the average, not the
    /// last render, fills the holes. It smooths out the step-to-step jitter of the network's guesses in the holes.
    /// 0 = off (the paper's). Typical 0.9 - 0.99.
    /// </summary>
    public double OutputAveraging { get; init; }

    /// <summary>
    /// Fraction of the observed pixels held out of the data term to judge the fit: the result is the output of the
    /// full-grid step with the lowest held-out error (every one is checked), and with <see cref="EarlyStoppingPatience"/> the fit stops when
    /// that error has not improved for that many steps. 0 = off (Fast, the paper's). Default 0.1 (the Guided preset's:
    /// its blend is fitted on them).
    /// </summary>
    public double HoldoutFraction { get; init; } = 0.1;

    /// <summary>Steps without improvement of the held-out error after which the fit stops; 0 = run all steps. Default 0.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>
    /// With held-out pixels (<see cref="HoldoutFraction"/>): after the last step, this many more full-grid steps with every
    /// observed pixel in the data term, the held-out ones given back; the holes then get the network these steps leave.
    /// The held-out pixels have judged the network before it (the best step, the blend's weights, which the refitted
    /// network keeps, as the classical fills keep theirs when they are run again on every observed pixel). A tenth of the
    /// observed pixels matters most where most of a picture is missing (boats, random 70 %, 128 x 128: 0.0599 -> 0.0576
    /// hole NMAE; docs/benchmarks.md 4.2). The learning rates start again from <see cref="RefitLearningRateFraction"/> of
    /// the initial ones along a cosine. Scaled with <see cref="Steps"/> by <see cref="ReferencePixels"/>. 0 = none (Fast,
    /// Paper; denoising never refits: its held-out pixels guard against fitting the noise); without held-out pixels
    /// (<see cref="HoldoutFraction"/> 0) it does nothing (<see cref="ForSize"/> gives 0). Default 25 (the Guided preset's).
    /// </summary>
    public int RefitSteps { get; init; } = 25;

    /// <summary>The refit steps that run (before <see cref="ForSize"/>'s scaling): <see cref="RefitSteps"/> with held-out pixels to give back, 0 without.</summary>
    [JsonIgnore]
    public int ActiveRefitSteps => HoldoutFraction > 0 ? RefitSteps : 0;

    /// <summary>The refit's first learning rates as a fraction of the initial ones (<see cref="RefitSteps"/>).</summary>
    public const double RefitLearningRateFraction = 0.25;

    /// <summary>
    /// When positive, a picture smaller than this many pixels gets more steps, in proportion, so a fit costs about the
    /// same at every size: <see cref="Steps"/> x min(<see cref="MaxStepScale"/>, ReferencePixels / (H x W)), never fewer
    /// than <see cref="Steps"/> (with <see cref="LogInterval"/> scaled alike). A network fitted to a small picture for
    /// as few steps as a large one needs is undertrained: measured at 128 x 128, 1200 steps instead of 300 took the
    /// default 3-10 % below Navier-Stokes on random drop-outs and blocks of photos where 300 steps tied with it. 0 = exactly
    /// <see cref="Steps"/> (Fast, Paper). Default 65536 (256 x 256, the Guided preset's).
    /// </summary>
    public int ReferencePixels { get; init; } = 256 * 256;

    /// <summary>The largest factor <see cref="ReferencePixels"/> multiplies the steps by.</summary>
    public const int MaxStepScale = 4;

    /// <summary>
    /// The options a fit of a <paramref name="height"/> x <paramref name="width"/> picture runs with, the one place its
    /// effective settings are computed (the engine, the estimate, the tool's progress and messages and ML.NET's log all
    /// read them here): steps, refit steps and log interval scaled by <see cref="ReferencePixels"/> (then 0), and
    /// <see cref="RefitSteps"/> 0 where no pixel is held out (a refit gives the held-out pixels back: without them it
    /// does nothing). <see cref="CoarseSteps"/> and <see cref="RestartStep"/> of the result are the fit's.
    /// </summary>
    public CompletionOptions ForSize(int height, int width)
    {
        double scale = ReferencePixels > 0 ? Math.Clamp(ReferencePixels / ((double)height * width), 1, MaxStepScale) : 1;
        return this with
        {
            Steps = (int)Math.Round(Steps * scale),
            RefitSteps = (int)Math.Round(ActiveRefitSteps * scale),
            LogInterval = Math.Max(1, (int)Math.Round(LogInterval * scale)),
            ReferencePixels = 0,
        };
    }

    /// <summary>
    /// The steps a fit of a <paramref name="height"/> x <paramref name="width"/> picture runs and reports (the refit's
    /// aside): <see cref="ForSize"/>'s steps for a network, 0 for a classical method (no steps, one report).
    /// </summary>
    public int StepsFor(int height, int width) => Method != CompletionMethod.Network ? 0
        : Windows is { } windows && windows.Applies(height, width) ? WindowedCompletion.WindowFitOptions(this).Steps // each window's
        : ForSize(height, width).Steps;

    /// <summary>Which observed pixels are held out (see <see cref="HoldoutFraction"/>). Default <see cref="Fitting.HoldoutShape.HoleShaped"/> (Guided; Fast and Paper hold none out).</summary>
    public HoldoutShape HoldoutShape { get; init; } = HoldoutShape.HoleShaped;

    /// <summary>
    /// What fills the holes: the fitted network (default), or a classical OpenCV inpainting alone (then no network is
    /// fitted and every network option is ignored).
    /// </summary>
    public CompletionMethod Method { get; init; } = CompletionMethod.Network;

    /// <summary>A classical fill that guides the network (prior and held-out blend). Default: Navier-Stokes (Guided); null = none (Fast, Paper).</summary>
    public ClassicalGuideOptions? ClassicalGuide { get; init; } = new();

    /// <summary>
    /// How a network completes a picture with a side longer than <see cref="WindowOptions.Size"/>: around its holes, in
    /// windows at native resolution (default). Null: the whole picture in one fit, whatever its size (what a fit did
    /// before windows; memory and time then grow with the whole picture). Classical methods always take the whole picture.
    /// </summary>
    public WindowOptions? Windows { get; init; } = new();

    /// <summary>
    /// INRR alone, for minutes on a CPU: a smaller SIREN (4 x 128, ~5x fewer operations per pixel than the paper's) at
    /// a 10x larger learning rate (1e-3) decaying along a cosine to 5 %, INRR at the paper's weights (normalised to the
    /// image size) whose tiny INRs learn 10x faster (1e-3), 1000 steps of which the first 30 % on a 2x coarser grid, no
    /// classical guide. On the paper's baboon protocol at 256 x 256 it passes the reference's final hole NMAE (0.106
    /// after 10001 paper steps) after about 500 steps; see docs/benchmarks.md.
    /// </summary>
    public static CompletionOptions Fast => Unguided with { Steps = 1000, CoarseFraction = 0.3 };

    /// <summary>The defaults without what only the guide needs: no classical guide, no held-out pixels (so no refit), exact steps, one cosine.</summary>
    private static CompletionOptions Unguided => new()
    {
        ReferencePixels = 0,
        HoldoutFraction = 0,
        HoldoutShape = HoldoutShape.Random,
        ClassicalGuide = null,
        FullGridRestart = 0,
        RefitSteps = 0,
    };

    private static SirenOptions FastSiren => new() { HiddenWidth = 128, HiddenLayers = 4, LearningRate = 1e-3 };

    private static InrrOptions FastInrr => new() { LearningRate = 1e-3 };

    /// <summary>The options of <paramref name="preset"/>.</summary>
    public static CompletionOptions FromPreset(CompletionPreset preset) => preset switch
    {
        CompletionPreset.Guided => Guided,
        CompletionPreset.Fast => Fast,
        CompletionPreset.Paper => Paper,
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    /// <summary>
    /// The default (<c>new CompletionOptions()</c>): the Fast network and INRR guided by classical fills. 10 % of the
    /// observed pixels, in the holes' own shape, are held out; the classical fill that predicts them best (Navier-Stokes,
    /// Frequency Selective Reconstruction or a low-rank fill) pulls the network's holes towards it, fading to nothing at
    /// the last step; the holes get the convex blend of network, Navier-Stokes, Telea, Frequency Selective
    /// Reconstruction and the low-rank fill that predicts those pixels best (least absolute error), with weights of
    /// their own for flat and busy parts where that predicts them better (<see cref="ClassicalGuideOptions.BlendStrata"/>).
    /// 300 steps at 256 x 256 (up to 4x more on smaller pictures, <see cref="ReferencePixels"/>), the first three
    /// quarters on a 2x coarser grid, the learning rates starting again on the full grid (<see cref="FullGridRestart"/>),
    /// then 25 steps that refit the network on every observed pixel (<see cref="RefitSteps"/>): about 50 s at 256 x 256
    /// on 2 cores with tcmalloc (docs/benchmarks.md 4.3; 4.1 has where it wins and loses against the classical
    /// inpainters and INRR alone).
    /// </summary>
    public static CompletionOptions Guided => new();

    /// <summary>The paper's reference run: SIREN 5 x 256, Adam 1e-4, INRR eta 1e-6, 10001 steps. Hours on a CPU.</summary>
    public static CompletionOptions Paper => Unguided with
    {
        Steps = 10001,
        CoarseFraction = 0,
        Representation = new SirenOptions(),
        Regularizers = [new InrrOptions { ReferenceSide = 0 }], // the paper's weights as given at every size
        LearningRateSchedule = LearningRateSchedule.Constant,
    };

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
        if (ReferencePixels < 0) throw new ArgumentOutOfRangeException(nameof(ReferencePixels), ReferencePixels, "ReferencePixels must be 0 (exactly Steps) or positive.");
        if (RegularizerStartStep < 0) throw new ArgumentOutOfRangeException(nameof(RegularizerStartStep), RegularizerStartStep, "Must be 0 or more.");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be 0 (torch default) or positive.");
        if (Threads > MaxThreads)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"Threads must be at most {MaxThreads}: more threads than cores only wait for each other.");
        if (!TorchRuntime.IsDeviceName(Device))
            throw new ArgumentException($"Device '{Device}' is not a device: use cpu, cuda or cuda:N.", nameof(Device));
        if (MemoryLimitBytes < 0) throw new ArgumentOutOfRangeException(nameof(MemoryLimitBytes), MemoryLimitBytes, "MemoryLimitBytes must be 0 (what is available) or positive.");
        OptionChecks.Positive(LogInterval, nameof(LogInterval));
        if (!(CoarseFraction >= 0 && CoarseFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(CoarseFraction), CoarseFraction, "CoarseFraction must be in [0, 1).");
        if (CoarseFactor < 2) throw new ArgumentOutOfRangeException(nameof(CoarseFactor), CoarseFactor, "CoarseFactor must be at least 2.");
        if (!(FinalLearningRateFraction > 0 && FinalLearningRateFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(FinalLearningRateFraction), FinalLearningRateFraction, "Must be in (0, 1].");
        if (!(FullGridRestart >= 0 && FullGridRestart <= 1))
            throw new ArgumentOutOfRangeException(nameof(FullGridRestart), FullGridRestart, "Must be in [0, 1].");
        if (!(OutputAveraging >= 0 && OutputAveraging < 1))
            throw new ArgumentOutOfRangeException(nameof(OutputAveraging), OutputAveraging, "Must be in [0, 1).");
        if (!(HoldoutFraction >= 0 && HoldoutFraction < 0.5))
            throw new ArgumentOutOfRangeException(nameof(HoldoutFraction), HoldoutFraction, "Must be in [0, 0.5).");
        if (RefitSteps < 0) throw new ArgumentOutOfRangeException(nameof(RefitSteps), RefitSteps, "Must be 0 or more.");
        if (EarlyStoppingPatience < 0)
            throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), EarlyStoppingPatience, "Must be 0 or more.");
        if (!Enum.IsDefined(HoldoutShape)) throw new ArgumentOutOfRangeException(nameof(HoldoutShape), HoldoutShape, "Unknown holdout shape.");
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "Unknown completion method.");
        ClassicalGuide?.Validate();
        Windows?.Validate();
        if (ClassicalGuide is { Blend: true } && HoldoutFraction == 0)
            throw new ArgumentException("ClassicalGuide.Blend needs HoldoutFraction > 0: the blend weights are fitted on held-out pixels.", nameof(ClassicalGuide));
        if (EarlyStoppingPatience > 0 && HoldoutFraction == 0)
            throw new ArgumentException("EarlyStoppingPatience needs HoldoutFraction > 0: early stopping judges held-out pixels.", nameof(EarlyStoppingPatience));
    }

    /// <summary>Value equality, the regulariser list compared element by element (records compare lists by reference).</summary>
    public bool Equals(CompletionOptions? other) =>
        other is not null
        && Steps == other.Steps && Equals(Representation, other.Representation)
        && Regularizers.SequenceEqual(other.Regularizers)
        && RegularizerStartStep == other.RegularizerStartStep && Seed == other.Seed && Threads == other.Threads
        && LogInterval == other.LogInterval && CaptureAdjacency == other.CaptureAdjacency
        && CoarseFraction == other.CoarseFraction && CoarseFactor == other.CoarseFactor
        && LearningRateSchedule == other.LearningRateSchedule && FinalLearningRateFraction == other.FinalLearningRateFraction
        && FullGridRestart == other.FullGridRestart && RefitSteps == other.RefitSteps
        && OutputAveraging == other.OutputAveraging && HoldoutFraction == other.HoldoutFraction
        && EarlyStoppingPatience == other.EarlyStoppingPatience && HoldoutShape == other.HoldoutShape
        && Method == other.Method && Equals(ClassicalGuide, other.ClassicalGuide) && Equals(Windows, other.Windows) && ReferencePixels == other.ReferencePixels
        && string.Equals(Device, other.Device, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Steps);
        hash.Add(Representation);
        foreach (var r in Regularizers) hash.Add(r);
        hash.Add(Seed);
        return hash.ToHashCode();
    }

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>
    /// These options as JSON, the one format of the code base: what a report writes (<c>options-METHOD.json</c>), what the
    /// tool's <c>--options</c> reads, what an ML.NET model saves and what a checkpoint is matched by. Enums by name (a
    /// number, as files written before 2026-12-02 hold, still reads), the representation and each regulariser with its
    /// <c>kind</c>. The format lives on the types themselves, so any serializer writes it.
    /// </summary>
    public string ToJson(bool indented = true) => indented ? JsonSerializer.Serialize(this, IndentedJson) : JsonSerializer.Serialize(this);

    /// <summary>Reads <see cref="ToJson"/>'s format; a key no option has is refused, naming it (a misspelt "Stepz" would otherwise leave Steps at its default).</summary>
    /// <exception cref="JsonException">Not such JSON, or a key no option has; the message names it.</exception>
    public static CompletionOptions FromJson(string json) =>
        JsonSerializer.Deserialize<CompletionOptions>(json) ?? throw new JsonException("The JSON holds no options (null).");

    /// <summary>A one-line description for logs and reports.</summary>
    public string Describe() => Method switch
    {
        CompletionMethod.Telea => "OpenCV Telea inpainting (no network)",
        CompletionMethod.NavierStokes => "OpenCV Navier-Stokes inpainting (no network)",
        CompletionMethod.FrequencySelective => "OpenCV Frequency Selective Reconstruction (no network)",
        _ => $"{Representation.Describe()}; {(Regularizers.Count == 0 ? "no regulariser" : string.Join(" + ", Regularizers.Select(r => r.Describe())))}"
             + $"{(ClassicalGuide is null ? "" : "; " + ClassicalGuide.Describe())}; {Steps} steps{(ActiveRefitSteps > 0 ? $" and {ActiveRefitSteps} refit steps" : "")}, seed {Seed}",
    };

    /// <summary>OpenCV's Telea inpainting alone (no network): a baseline, milliseconds.</summary>
    public static CompletionOptions Telea => new() { Method = CompletionMethod.Telea };

    /// <summary>OpenCV's Navier-Stokes inpainting alone (no network): a baseline, milliseconds.</summary>
    public static CompletionOptions NavierStokes => new() { Method = CompletionMethod.NavierStokes };

    /// <summary>OpenCV contrib's Frequency Selective Reconstruction alone (no network): a baseline, about a second.</summary>
    public static CompletionOptions FrequencySelective => new() { Method = CompletionMethod.FrequencySelective };
}
