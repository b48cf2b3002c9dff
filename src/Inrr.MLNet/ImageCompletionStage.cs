using Inrr.MLNet.Internal;
using Inrr.Torch.Fitting;
using Microsoft.ML;

namespace Inrr.MLNet;

/// <summary>What happened to an image in a completion pass (see <see cref="ImageCompletionProgress"/>).</summary>
public enum ImageCompletionStage
{
    /// <summary>A fit started.</summary>
    Started,

    /// <summary>A logged step of a running fit (every <see cref="CompletionOptions.LogInterval"/> steps).</summary>
    Fitting,

    /// <summary>A fit finished.</summary>
    Completed,

    /// <summary>The row was completed before (same image, mask and options) and the result was reused.</summary>
    Reused,

    /// <summary>The row could not be completed; <see cref="ImageCompletionProgress.Error"/> says why.</summary>
    Failed,

    /// <summary>A running fit was stopped by the monitor's token or by the MLContext's cancellation.</summary>
    Cancelled,
}
