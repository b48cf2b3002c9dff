// A user's program: the README's ML.NET pipeline on one built-in picture, built outside the Inrr.NET repository.
// Prints one line "RESULT evaluated=N failed=N psnrHoles=X nmaeHoles=X inputPsnrHoles=X" for the test to check.
using Inrr.MLNet;
using Inrr.Torch.Fitting;
using Inrr.Torch.Imaging;
using Microsoft.ML;
using Microsoft.ML.Data;

string folder = args.Length > 0 ? args[0] : "out";
Directory.CreateDirectory(folder);
string picture = Path.Combine(folder, "facade.png");
ImageIO.SavePng(SyntheticImage.Facade(48, 48, channels: 3), picture);

var mlContext = new MLContext(seed: 1);
var data = mlContext.Data.LoadFromEnumerable(new[] { new PictureRow { ImagePath = picture } });
var pipeline = mlContext.Transforms.LoadImages("Image", imageFolder: null, "ImagePath")
    .Append(mlContext.Transforms.ResizeImages("Image", 32, 32))
    .Append(mlContext.Transforms.ExtractPixels("Truth", "Image"))
    .Append(mlContext.Transforms.GenerateRandomMask("Mask", 32, 32, missingRate: 0.3, seed: 1))
    .Append(mlContext.Transforms.ApplyMask("Observed", "Truth", "Mask"))
    .Append(mlContext.Transforms.CompleteImage("Completed", "Observed", "Mask",
        CompletionOptions.Guided with { Steps = 150, Threads = 1 })) // the default: torch and OpenCV both load
    .Append(mlContext.Transforms.ConvertPixelsToImage("CompletedImage", "Completed"));
var model = pipeline.Fit(data);
var completed = model.Transform(data);

var evaluator = new ImageCompletionEvaluator(mlContext);
var evaluation = evaluator.Evaluate(completed, "Truth", "Completed", "Mask");
var input = evaluator.Evaluate(completed, "Truth", "Observed", "Mask"); // the holes left black: what a fill must beat
using (var image = completed.GetColumn<MLImage>("CompletedImage").First())
    image.Save(Path.Combine(folder, "completed.png"));

Console.WriteLine(FormattableString.Invariant(
    $"RESULT evaluated={evaluation.EvaluatedCount} failed={evaluation.FailedCount} psnrHoles={evaluation.Mean?.PsnrHoles ?? double.NaN:F3} nmaeHoles={evaluation.Mean?.NmaeHoles ?? double.NaN:F4} inputPsnrHoles={input.Mean?.PsnrHoles ?? double.NaN:F3}"));

internal sealed class PictureRow
{
    public string ImagePath { get; set; } = "";
}
