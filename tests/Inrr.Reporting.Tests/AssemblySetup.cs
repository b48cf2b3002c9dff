// Torch state (thread count, the allocator setting) is process-wide: tests run one at a time.
[assembly: Microsoft.VisualStudio.TestTools.UnitTesting.DoNotParallelize]
