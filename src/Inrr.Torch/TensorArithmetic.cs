using TorchSharp;
using static TorchSharp.torch;

namespace Inrr.Torch;

/// <summary>
/// Tensor addition without a Scalar left to the garbage collector. TorchSharp 0.107's <c>a + b</c> passes
/// <c>alpha = 1</c> as a Scalar made by implicit conversion on every call; its native memory is
/// freed by a finalizer that can run while libtorch still reads it, and the process dies ("Unknown scalar type",
/// or "Expected false to be true" in <c>Scalar::toFloat</c>; the soak benchmark in docs/reliability.md reproduced it
/// in seconds). These pass one Scalar that lives for the process; the engine's modules use them wherever a tensor is
/// added to another. (Subtraction needs nothing: TorchSharp's <c>a - b</c> passes no alpha.)
/// </summary>
internal static class TensorArithmetic
{
    /// <summary>alpha = 1, rooted in a static field: never collected.</summary>
    internal static readonly Scalar One = 1.ToScalar();

    /// <summary><paramref name="a"/> + <paramref name="b"/>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>
    /// Elementwise <paramref name="t"/>^2 as <c>t * t</c>: TorchSharp's <c>square()</c> is <c>pow(2)</c> with an implicit
    /// Scalar (libtorch computes pow(t, 2) as t * t, so the values are the same).
    /// </summary>
    public static Tensor Squared(this Tensor t) => t * t;

    /// <summary><paramref name="a"/> + <paramref name="b"/> (a held Scalar).</summary>
    public static Tensor Plus(this Tensor a, Scalar b) => a.add(b, One);
}
