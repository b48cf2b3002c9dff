using System.Globalization;
using Inrr.MLNet;
using Inrr.MLNet.Sample;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Inrr.Torch.Representations;
using Inrr.Torch.Runtime;
using Microsoft.ML;
using Microsoft.ML.Data;

// ML.NET pipeline sample for Inrr.MLNet. Two modes:
//   run (default)  folder of images (+ optional mask folder, else a generated text mask) -> LoadImages -> ResizeImages
//                  -> ExtractPixels -> mask -> CompleteImage -> image conversion; writes PNGs, a metrics table and the
//                  fitted model (model.zip). Without --images it makes a built-in set of pictures first.
//   load-model     loads a saved model in this (fresh) process and applies it to a folder: PNGs, metrics, vectors.
// libtorch's per-step buffers want tcmalloc (flat memory, faster): rerun under it when the machine has it.
FastAllocator.UseIfAvailable();
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    var arguments = SampleArguments.Parse(args);
    if (arguments.Help)
    {
        Console.WriteLine(SampleArguments.Usage);
        return 0;
    }
    return arguments.Mode == "load-model" ? LoadModel(arguments) : Run(arguments);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(SampleArguments.Usage);
    return 2;
}

static int Run(SampleArguments a)
{
    string output = Path.GetFullPath(a.Output ?? Path.Combine("out", "mlnet"));
    Directory.CreateDirectory(output);
    string images = a.Images ?? BuiltInImages.Write(Path.Combine(output, "inputs"));
    var rows = ImageRows.FromFolders(images, a.Masks);
    Console.WriteLine($"{rows.Count} images from {images}{(a.Masks is null ? ", generated text mask" : $", masks from {a.Masks}")}; size {a.Size}x{a.Size}");

    var mlContext = new MLContext(seed: 0);
    var data = rows.ToDataView(mlContext);
    var completion = CompletionOptions.FromPreset(a.Preset) with { Seed = a.Seed, Threads = a.Threads };
    if (a.Steps > 0) completion = completion with { Steps = a.Steps };
    completion = completion with { LogInterval = Math.Max(1, completion.Steps / 4) };
    if (a.HiddenWidth > 0 || a.HiddenLayers > 0)
    {
        var siren = completion.Representation as SirenOptions ?? new SirenOptions();
        completion = completion with
        {
            Representation = siren with
            {
                HiddenWidth = a.HiddenWidth > 0 ? a.HiddenWidth : siren.HiddenWidth,
                HiddenLayers = a.HiddenLayers > 0 ? a.HiddenLayers : siren.HiddenLayers,
            },
        };
    }
    Console.WriteLine($"completion: {completion.Describe()}");

    // ML.NET's LoadImages ends the whole pass on an unreadable file, so ImageRows has left those out already (with a
    // message). Inside a pipeline, LoadImagePixels does the same three steps and reports a bad file on its row.
    IEstimator<ITransformer> pipeline = mlContext.Transforms.LoadImages("Image", imageFolder: null, "ImagePath")
        .Append(mlContext.Transforms.ResizeImages("Image", a.Size, a.Size))
        .Append(mlContext.Transforms.ExtractPixels("Truth", "Image"));
    pipeline = a.Masks is null
        ? pipeline.Append(mlContext.Transforms.GenerateTextMask("Mask", a.Size, a.Size, a.MaskText))
        : pipeline.Append(mlContext.Transforms.LoadImages("MaskImage", imageFolder: null, "MaskPath"))
            .Append(mlContext.Transforms.ResizeImages("MaskImage", a.Size, a.Size))
            .Append(mlContext.Transforms.ExtractPixels("MaskPixels", "MaskImage"))
            .Append(mlContext.Transforms.ExtractMask("Mask", "MaskPixels"));
    pipeline = pipeline
        .Append(mlContext.Transforms.ApplyMask("Observed", "Truth", "Mask"))
        .Append(mlContext.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            InputColumnName = "Observed",
            MaskColumnName = "Mask",
            OutputColumnName = "Completed",
            Completion = completion,
            ErrorPolicy = ErrorPolicy.Mark, // a bad image gets NaN pixels and a message; the others are completed
        }))
        .Append(mlContext.Transforms.ConvertPixelsToImage("ObservedImage", "Observed"))
        .Append(mlContext.Transforms.ConvertPixelsToImage("CompletedImage", "Completed"));

    var model = pipeline.Fit(data); // checks columns and sizes; no image is fitted yet
    string modelPath = Path.Combine(output, "model.zip");
    mlContext.Model.Save(model, data.Schema, modelPath);
    Console.WriteLine($"model saved: {modelPath}");

    var completed = model.Transform(data);
    Report(mlContext, model, completed, output, a.Vectors);
    return 0;
}

static int LoadModel(SampleArguments a)
{
    if (a.Model is null) throw new ArgumentException("load-model needs --model FILE.");
    if (a.Images is null) throw new ArgumentException("load-model needs --images DIR.");
    string output = Path.GetFullPath(a.Output ?? Path.Combine("out", "mlnet-loaded"));
    Directory.CreateDirectory(output);

    // A fresh MLContext in a fresh process: nothing to register. The model names the assembly of the Inrr
    // transforms (Inrr.MLNet); ML.NET loads it by name, and every option comes from the model file.
    var mlContext = new MLContext(seed: 0);
    var model = mlContext.Model.Load(a.Model, out var inputSchema);
    bool needsMasks = inputSchema.GetColumnOrNull("MaskPath") is not null;
    if (needsMasks && a.Masks is null) throw new ArgumentException("This model reads masks from files: give --masks DIR.");
    var rows = ImageRows.FromFolders(a.Images, needsMasks ? a.Masks : null);
    Console.WriteLine($"model {a.Model} loaded; {rows.Count} images from {a.Images}");
    Report(mlContext, model, model.Transform(rows.ToDataView(mlContext)), output, a.Vectors);
    return 0;
}

// Reads the completed rows (this is when the fits run), prints progress and the metrics table, writes PNGs.
static void Report(MLContext mlContext, ITransformer model, IDataView completed, string output, string? vectorsPath)
{
    var progress = new Progress<ImageCompletionProgress>(p =>
    {
        if (p.Stage == ImageCompletionStage.Fitting && p.Fit is { } fit)
            Console.WriteLine($"  image {p.ImageNumber}: step {fit.Step,5}/{fit.TotalSteps}  loss {fit.Loss:E3}");
        else if (p.Stage is ImageCompletionStage.Completed or ImageCompletionStage.Failed or ImageCompletionStage.Cancelled)
            Console.WriteLine($"  image {p.ImageNumber}: {p.Stage.ToString().ToLowerInvariant()} in {p.Elapsed.TotalSeconds:F1} s{(p.Error is null ? "" : ": " + p.Error)}");
    });
    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancellation.Cancel();
    };
    using var monitor = ImageCompletionMonitor.Watch(model, progress, cancellation.Token);

    var evaluation = mlContext.EvaluateImageCompletion(completed, "Truth", "Completed", "Mask",
        new ImageCompletionEvaluator.Options { ImageIdColumnName = "ImagePath", ErrorColumnName = "CompletedError", KeepImages = true });
    Console.WriteLine();
    Console.WriteLine(MetricsTable.Format(evaluation));
    // The report library draws on the SkiaSharp ImageAnalytics uses, so it runs in this process.
    string report = evaluation.WriteReport(Path.Combine(output, "report"), "Inrr.MLNet sample: image completion in an ML.NET pipeline");
    Console.WriteLine($"report: {report}");

    // Reading the rows again for the pictures reuses the fits above (the transformer's cache).
    var paths = completed.GetColumn<ReadOnlyMemory<char>>("ImagePath").Select(p => p.ToString()).ToList();
    var observed = completed.GetColumn<MLImage?>("ObservedImage").ToList();
    var completedImages = completed.GetColumn<MLImage?>("CompletedImage").ToList();
    for (int i = 0; i < paths.Count; i++)
    {
        string name = Path.GetFileNameWithoutExtension(paths[i]);
        observed[i]?.Save(Path.Combine(output, $"{name}-observed.png"));
        completedImages[i]?.Save(Path.Combine(output, $"{name}-completed.png"));
    }
    Console.WriteLine($"PNGs in {output} ({monitor.ImagesCompleted} fitted, {monitor.ImagesReused} reused, {monitor.ImagesFailed} failed)");

    if (vectorsPath is not null)
    {
        var vectors = completed.GetColumn<VBuffer<float>>("Completed").Select(v => v.DenseValues().ToArray()).ToList();
        CompletedVectors.Write(vectorsPath, vectors);
        Console.WriteLine($"completed vectors: {vectorsPath}");
    }
}
