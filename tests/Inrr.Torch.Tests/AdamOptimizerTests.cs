using Inrr.Torch.Fitting;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Tests;

/// <summary>The engine's Adam and cosine schedule (held Scalars) give TorchSharp's updates exactly.</summary>
[TestClass]
public sealed class AdamOptimizerTests
{
    [TestMethod]
    public void OwnAdamWithCosineSchedule_MatchesTorchSharps_BitForBit()
    {
        Runtime.TorchRuntime.EnsureInitialized();
        using var ours = new TorchSharp.Modules.Parameter(torch.linspace(-1, 1, 12).reshape(3, 4));
        using var theirs = new TorchSharp.Modules.Parameter(torch.linspace(-1, 1, 12).reshape(3, 4));
        using var adam = new AdamOptimizer([ours], 1e-2);
        var schedule = new CosineSchedule(adam, 20, 1e-2 * 0.05);
        using var reference = optim.Adam([theirs], 1e-2);
        var referenceSchedule = optim.lr_scheduler.CosineAnnealingLR(reference, 20, 1e-2 * 0.05);
        using var target = torch.linspace(2, -3, 12).reshape(3, 4);
        for (int step = 0; step < 20; step++)
        {
            foreach (var (p, optimizerStep, zero) in new (TorchSharp.Modules.Parameter, Action, Action)[]
            {
                (ours, adam.Step, adam.ZeroGrad), (theirs, () => reference.step(), () => reference.zero_grad()),
            })
            {
                zero();
                using var scope = NewDisposeScope();
                (p - target).square().sum().backward();
                optimizerStep();
            }
            schedule.Step();
            referenceSchedule.step();
            Assert.AreEqual(reference.ParamGroups.First().LearningRate, adam.LearningRate, $"learning rate at step {step}");
            CollectionAssert.AreEqual(theirs.data<float>().ToArray(), ours.data<float>().ToArray(), $"parameters at step {step}");
        }
        Assert.AreEqual(1e-2 * 0.05, adam.LearningRate, 1e-12, "the cosine ends at the final rate");
    }
}
