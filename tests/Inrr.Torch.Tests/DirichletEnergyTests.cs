using Inrr.Torch.Regularizers;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Tests;

[TestClass]
public sealed class DirichletEnergyTests
{
    /// <summary>1/2 sum_ij A_ij ||x_i - x_j||^2 by explicit loops: the definition the fast forms must equal.</summary>
    private static double PairwiseEnergy(float[,] a, float[,] x)
    {
        int k = x.GetLength(0), d = x.GetLength(1);
        double total = 0;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
            {
                double dist = 0;
                for (int t = 0; t < d; t++) dist += Math.Pow(x[i, t] - x[j, t], 2);
                total += 0.5 * a[i, j] * dist;
            }
        return total;
    }

    private static float[,] ToArray(Tensor t)
    {
        var flat = t.detach().contiguous().data<float>().ToArray();
        var result = new float[t.shape[0], t.shape[1]];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    [TestMethod]
    public void FactorForm_EqualsPairwiseDefinition()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(7);
        var x = rand(9, 5, generator: g);
        var s = nn.functional.softmax(randn(9, 4, generator: g), dim: 1);
        var a = DirichletEnergy.AdjacencyFromFactor(s);

        double expected = PairwiseEnergy(ToArray(a), ToArray(x));
        Assert.AreEqual(expected, DirichletEnergy.FromFactor(x, s).item<float>(), 1e-4 * Math.Abs(expected));
        Assert.AreEqual(expected, DirichletEnergy.FromAdjacency(x, a).item<float>(), 1e-4 * Math.Abs(expected));
        // tr(X^T L X) with the explicit Laplacian, the form in the paper.
        var trace = x.t().mm(DirichletEnergy.Laplacian(a)).mm(x).trace().item<float>();
        Assert.AreEqual(expected, trace, 1e-4 * Math.Abs(expected));
    }

    [TestMethod]
    public void Adjacency_IsSymmetricNonNegativeWithZeroDiagonal_AndLaplacianRowsSumToZero()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(1);
        var s = nn.functional.softmax(randn(12, 6, generator: g), dim: 1);
        var a = DirichletEnergy.AdjacencyFromFactor(s);
        Assert.AreEqual(0.0, (a - a.t()).abs().max().item<float>(), 1e-7);
        Assert.IsTrue(a.min().item<float>() >= 0);
        Assert.AreEqual(0.0, a.diagonal().abs().max().item<float>(), 1e-7);
        var laplacianRowSums = DirichletEnergy.Laplacian(a).sum(dim: 1);
        Assert.AreEqual(0.0, laplacianRowSums.abs().max().item<float>(), 1e-6);
    }

    [TestMethod]
    public void AdjacencyInr_SoftmaxRowsSumToOne()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        using var inr = new AdjacencyInr(count: 20, rank: 16, width: 8, layers: 3, firstOmega: 5, hiddenOmega: 1, g);
        var s = inr.Factor();
        CollectionAssert.AreEqual(new long[] { 20, 16 }, s.shape);
        Assert.AreEqual(0.0, (s.sum(dim: 1) - 1).abs().max().item<float>(), 1e-5);
        Assert.IsTrue(s.min().item<float>() > 0);
    }

    [TestMethod]
    public void InrrLoss_GradientReachesTinyInrs()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(5);
        var options = new InrrOptions { Rank = 8, Width = 8, Layers = 2, RowWeight = 1, ColumnWeight = 1 };
        using var inrr = new InrrRegularizer(options, height: 6, width: 7, g);
        var image = rand(1, 6, 7, generator: g).requires_grad_();
        inrr.Loss(image).backward();

        var parameters = inrr.parameters().ToList();
        Assert.IsTrue(parameters.Count > 0);
        foreach (var p in parameters)
        {
            Assert.IsNotNull(p.grad, "every tiny-INR parameter must receive a gradient");
            Assert.IsTrue(p.grad!.abs().sum().item<float>() > 0);
        }
        Assert.IsTrue(image.grad!.abs().sum().item<float>() > 0, "the gradient must also reach the image");
    }

    [TestMethod]
    public void RowsAndColumns_ConcatenateChannels()
    {
        using var scope = NewDisposeScope();
        var image = arange(2 * 3 * 4, dtype: ScalarType.Float32).reshape(2, 3, 4);
        var rows = DirichletEnergy.Rows(image);
        var columns = DirichletEnergy.Columns(image);
        CollectionAssert.AreEqual(new long[] { 3, 8 }, rows.shape);
        CollectionAssert.AreEqual(new long[] { 4, 6 }, columns.shape);
        // Row 1 = channel 0 row 1 then channel 1 row 1.
        CollectionAssert.AreEqual(new float[] { 4, 5, 6, 7, 16, 17, 18, 19 }, rows[1].data<float>().ToArray());
        // Column 2 = channel 0 column 2 then channel 1 column 2.
        CollectionAssert.AreEqual(new float[] { 2, 6, 10, 14, 18, 22 }, columns[2].data<float>().ToArray());
    }

    [TestMethod]
    public void AirAdjacency_IsSymmetricRowStochasticBeforeSymmetrisation()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(2);
        var a = AirRegularizer.AdjacencyFromLogits(randn(5, 5, generator: g));
        Assert.AreEqual(0.0, (a - a.t()).abs().max().item<float>(), 1e-7);
        Assert.AreEqual(0.0, a.diagonal().abs().max().item<float>(), 1e-7);
        Assert.IsTrue(a.min().item<float>() >= 0);
    }
}
