// Torch state (thread count, the allocator setting) is process-wide and the commands write to the console:
// tests run one at a time.
[assembly: Microsoft.VisualStudio.TestTools.UnitTesting.DoNotParallelize]
