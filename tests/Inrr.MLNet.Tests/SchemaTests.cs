using System.Reflection;
using Inrr.Torch.Fitting;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Inrr.MLNet.Tests;

[TestClass]
public sealed class SchemaTests
{
    private readonly MLContext _ml = new(seed: 0);

    /// <summary>The shape ML.NET's pipelines propagate (SchemaShape.Create is internal to ML.NET).</summary>
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)])!
            .Invoke(null, [schema])!;

    [TestMethod]
    public void Fit_DeclaresOutputs_WithTheImageSize_AndGetOutputSchemaAddsThem()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16));
        var estimator = _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options
        {
            Completion = TestData.Quick(), RawOutputColumnName = "Raw",
        });

        var shape = estimator.GetOutputSchema(ShapeOf(data.Schema));
        CollectionAssert.IsSubsetOf(new[] { "Completed", "Raw", "CompletedError" }, shape.Select(c => c.Name).ToArray());

        var transformer = estimator.Fit(data);
        Assert.AreEqual((3, 16, 16), (transformer.Channels, transformer.ImageHeight, transformer.ImageWidth));
        var schema = transformer.GetOutputSchema(data.Schema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3, 16, 16), schema["Completed"].Type);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 3, 16, 16), schema["Raw"].Type);
        Assert.AreEqual(TextDataViewType.Instance, schema["CompletedError"].Type);
        Assert.IsFalse(schema.Any(c => c.Name.StartsWith("Inrr.Internal.", StringComparison.Ordinal)), "temporary columns are dropped");
    }

    [TestMethod]
    public void MissingColumn_IsNamed_AtPipelineSchemaTime()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16));
        var pipeline = _ml.Transforms.CompleteImage("Completed", "Pixels", "Holes", TestData.Quick());
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pipeline.GetOutputSchema(ShapeOf(data.Schema)));
        StringAssert.Contains(e.Message, "'Holes' (mask) was not found");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        StringAssert.Contains(e.Message, "'Holes'");
    }

    [TestMethod]
    public void WrongColumnType_IsNamed()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            _ml.Transforms.CompleteImage("Completed", "Name", "Mask", TestData.Quick()).GetOutputSchema(ShapeOf(data.Schema)));
        StringAssert.Contains(e.Message, "Input column 'Name' (image pixels) must be a vector of Single; it is a scalar of String");
    }

    [TestMethod]
    public void MaskOfAnotherSize_IsRejectedAtFit_NamingBothColumns()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16));
        var pipeline = _ml.Transforms.GenerateRandomMask("SmallMask", 8, 8, 0.5)
            .Append(_ml.Transforms.CompleteImage("Completed", "Pixels", "SmallMask", TestData.Quick()));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        StringAssert.Contains(e.Message, "Input column 'SmallMask' (mask) is Vector<Single, 8, 8>, but the image in column 'Pixels' is 16x16");
    }

    [TestMethod]
    public void ImageSizeThatDisagreesWithTheColumn_OrIsMissing_IsRejected()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(), imageHeight: 20, imageWidth: 20).Fit(data));
        StringAssert.Contains(e.Message, "'Pixels' (image pixels) is Vector<Single, 3, 16, 16>, but image height 20 was given");

        // A variable-length vector (as after a model load) says nothing about the size: it must be given.
        var variable = _ml.Data.LoadFromEnumerable(new[] { new { Pixels = new float[768], Mask = new float[256] } });
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick()).Fit(variable));
        StringAssert.Contains(e.Message, "'Pixels' (image pixels) is a variable-length vector: give imageHeight and imageWidth");
        var fitted = _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick(), imageHeight: 16, imageWidth: 16).Fit(variable);
        Assert.AreEqual(0, fitted.Channels, "channels are decided by each row's length");
    }

    [TestMethod]
    public void TransformerFittedOnOneSize_RejectsDataOfAnother()
    {
        var transformer = _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick()).Fit(TestData.Table(_ml, TestData.TwoImages(size: 16)));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => transformer.Transform(TestData.Table(_ml, TestData.TwoImages(size: 20))));
        StringAssert.Contains(e.Message, "'Pixels'");
    }

    [TestMethod]
    public void BadOptions_AreRejected_NamingTheOption()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            _ml.Transforms.CompleteImage("Completed", "Pixels", "Mask", TestData.Quick() with { Steps = 0 }));
        Assert.AreEqual("Steps", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { PixelScale = 0 }));
        Assert.AreEqual("PixelScale", e.ParamName);
        var a = Assert.ThrowsExactly<ArgumentException>(() =>
            _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { ImageHeight = 16 }));
        Assert.AreEqual("ImageWidth", a.ParamName);
        a = Assert.ThrowsExactly<ArgumentException>(() => _ml.Transforms.CompleteImage("Inrr.Internal.X", "Pixels", "Mask"));
        StringAssert.Contains(a.Message, "reserved");
        a = Assert.ThrowsExactly<ArgumentException>(() =>
            _ml.Transforms.CompleteImage(new ImageCompletionEstimator.Options { RawOutputColumnName = "Completed" }));
        StringAssert.Contains(a.Message, "must differ");
        var m = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Transforms.GenerateRandomMask("Mask", 16, 16, missingRate: 1.5));
        Assert.AreEqual("missingRate", m.ParamName);
    }

    [TestMethod]
    public void ToolsAroundCompletion_CheckTheirColumnsToo()
    {
        var data = TestData.Table(_ml, TestData.TwoImages(size: 16));
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Transforms.ApplyMask("Observed", "Pixels", "Nope").Fit(data));
        StringAssert.Contains(e.Message, "'Nope' (mask) was not found");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Transforms.ExtractMask("M", "Pixels", Torch.Masks.MaskImageRule.AlphaObserved).Fit(data));
        StringAssert.Contains(e.Message, "the alpha rule needs 4");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Transforms.LoadImagePixels("Image", null, "Pixels", 16, 16).Fit(data));
        StringAssert.Contains(e.Message, "'Pixels' (image path) must be text");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Transforms.ConvertPixelsToImage("Image", "Name").Fit(data));
        StringAssert.Contains(e.Message, "'Name' (image pixels) must be a vector of Single");
    }
}
