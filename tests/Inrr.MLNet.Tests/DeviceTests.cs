using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

/// <summary>CompleteImage honours <c>MLContext.GpuDeviceId</c> and <c>MLContext.FallbackToCpu</c> as ML.NET's GPU trainers do.</summary>
[TestClass]
public sealed class DeviceTests
{
    private static (List<float[]> Completed, List<string> Errors, List<string> Warnings) Run(Action<MLContext> configure)
    {
        var ml = new MLContext(seed: 0);
        configure(ml);
        var warnings = new ConcurrentQueue<string>();
        ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Warning && e.Source.EndsWith("; CompleteImage", StringComparison.Ordinal)) warnings.Enqueue(e.Message); };
        var data = TestData.Table(ml, TestData.TwoImages(size: 16), scale: 255f);
        var output = ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            OutputColumnName = "Completed", InputColumnName = "Pixels", MaskColumnName = "Mask",
            Completion = TestData.Quick(steps: 4), ErrorPolicy = ErrorPolicy.Mark,
        }).Fit(data).Transform(data);
        return (TestData.Column(output, "Completed"), output.GetColumn<string>("CompletedError").ToList(), warnings.ToList());
    }

    [TestMethod]
    public void AGpuThatIsNotThere_FallsBackToTheCpu_WhenTheMLContextSaysSo_OrFailsTheRow()
    {
        if (TorchSharp.torch.cuda.is_available())
            Assert.Inconclusive("This machine has CUDA: the fallback cannot be seen here (bench/gpu-check.sh checks the GPU path).");
        var cpu = Run(_ => { });

        var fallback = Run(ml => { ml.GpuDeviceId = 0; ml.FallbackToCpu = true; });
        Assert.IsTrue(fallback.Errors.All(e => e == ""), string.Join("; ", fallback.Errors));
        for (int r = 0; r < cpu.Completed.Count; r++)
            CollectionAssert.AreEqual(cpu.Completed[r], fallback.Completed[r], $"row {r}: the fallback fit is the CPU fit");
        Assert.AreEqual(2, fallback.Warnings.Count(w => w.Contains("MLContext.GpuDeviceId 'cuda:0'") && w.Contains("fitting on the CPU")),
            string.Join("\n", fallback.Warnings));

        var strict = Run(ml => { ml.GpuDeviceId = 0; ml.FallbackToCpu = false; });
        Assert.IsTrue(strict.Completed.All(row => row.All(float.IsNaN)));
        Assert.IsTrue(strict.Errors.All(e => e.Contains("MLContext.GpuDeviceId 'cuda:0': CUDA is not available")), string.Join("; ", strict.Errors));
    }
}
