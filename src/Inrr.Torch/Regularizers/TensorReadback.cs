using Inrr.Torch.Imaging;
using Inrr.Torch.Masks;
using Inrr.Torch.Representations;
using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch.Regularizers;

/// <summary>Helpers to read small tensors back for inspection.</summary>
internal static class TensorReadback
{
    public static float[,] ToMatrix(Tensor matrix)
    {
        using var cpu = matrix.detach().cpu().to_type(ScalarType.Float32).contiguous();
        int rows = (int)cpu.shape[0], cols = (int)cpu.shape[1];
        var flat = cpu.data<float>().ToArray();
        var result = new float[rows, cols];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }
}
