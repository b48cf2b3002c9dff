using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Inrr.MLNet;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Inrr.Bench;

/// <summary>
/// Rows per minute of ML.NET's <c>CompleteImage</c> against <c>ConcurrentRows</c>: the same rows (built-in façade
/// pictures, each with its own random mask) read through a fresh transformer for each setting, with the default
/// completion and its default threads (0: half the cores for one row, all of them shared out for several).
/// </summary>
internal sealed class MLNetRowsCommand : Command<MLNetRowsCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--rows")]
        [Description("Rows (pictures) per setting. Default 8.")]
        public int Rows { get; init; } = 8;

        [CommandOption("--size")]
        [Description("Picture side. Default 64.")]
        public int Size { get; init; } = 64;

        [CommandOption("--concurrent")]
        [Description("Comma-separated ConcurrentRows values. Default 1,2,4.")]
        public string Concurrent { get; init; } = "1,2,4";

        [CommandOption("--steps")]
        [Description("Steps of the default completion; 0 keeps the default's own (scaled by picture size). Default 0.")]
        public int Steps { get; init; }

        [CommandOption("--threads")]
        [Description("Completion.Threads (shared out between concurrent rows); 0 = the default (half the cores for one row, all of them shared out for several). Default 0.")]
        public int Threads { get; init; }

        public IReadOnlyList<int> ConcurrentList => Concurrent.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

        public override ValidationResult Validate()
        {
            if (Rows < 1) return ValidationResult.Error("--rows must be at least 1.");
            if (Size < 16) return ValidationResult.Error("--size must be at least 16.");
            try { return ConcurrentList.All(c => c >= 1) ? ValidationResult.Success() : ValidationResult.Error("--concurrent values must be at least 1."); }
            catch (FormatException) { return ValidationResult.Error("--concurrent must be comma-separated whole numbers."); }
        }
    }

    public sealed class Row
    {
        public float[] Pixels { get; set; } = [];
        public float[] Mask { get; set; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var ml = new MLContext(seed: 0);
        int size = settings.Size;
        var picture = SyntheticImage.Facade(size, size);
        var rows = Enumerable.Range(0, settings.Rows).Select(i =>
        {
            var mask = MaskFactory.Random(size, size, 0.5, seed: 100 + i);
            return new Row { Pixels = mask.Apply(picture).Pixels.Select(v => v * 255f).ToArray(), Mask = mask.Values.ToArray() };
        }).ToList();
        var definition = SchemaDefinition.Create(typeof(Row));
        definition[nameof(Row.Pixels)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 1, size, size);
        definition[nameof(Row.Mask)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size, size);
        var data = ml.Data.LoadFromEnumerable(rows, definition);
        var completion = (settings.Steps > 0 ? CompletionOptions.Guided with { Steps = settings.Steps } : CompletionOptions.Guided) with { Threads = settings.Threads };

        AnsiConsole.MarkupLineInterpolated($"[bold]mlnet-rows[/] {settings.Rows} rows of {size}x{size}, default completion, {Environment.ProcessorCount} logical cores");
        var table = new Table().AddColumns("ConcurrentRows", "threads per fit", "seconds", "rows per minute");
        foreach (int concurrent in settings.ConcurrentList)
        {
            var model = ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
            {
                InputColumnName = "Pixels", MaskColumnName = "Mask", Completion = completion,
                ConcurrentRows = concurrent, CacheCapacity = Math.Max(concurrent, ImageCompletionDefaults.CacheCapacity),
            }).Fit(data);
            using var monitor = ImageCompletionMonitor.Watch(model, cancellationToken: cancellationToken);
            var clock = Stopwatch.StartNew();
            int read = model.Transform(data).GetColumn<VBuffer<float>>("Completed").Count();
            double seconds = clock.Elapsed.TotalSeconds;
            int threads = settings.Threads > 0 ? Math.Max(1, settings.Threads / concurrent)
                : concurrent <= 1 ? Inrr.Torch.Runtime.TorchRuntime.DefaultThreads : Math.Max(1, Environment.ProcessorCount / concurrent);
            table.AddRow(concurrent.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture),
                seconds.ToString("F1", CultureInfo.InvariantCulture), (read * 60 / seconds).ToString("F2", CultureInfo.InvariantCulture));
            if (monitor.ImagesCompleted != settings.Rows)
                throw new InvalidOperationException($"{monitor.ImagesCompleted} of {settings.Rows} rows were fitted.");
        }
        AnsiConsole.Write(table);
        return 0;
    }
}
