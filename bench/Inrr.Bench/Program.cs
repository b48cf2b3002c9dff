using Inrr.Bench;
using Inrr.Torch.Runtime;
using Spectre.Console.Cli;

// Under tcmalloc when installed (see FastAllocator); INRR_ALLOCATOR=glibc measures the tuned glibc instead.
FastAllocator.UseIfAvailable();

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("inrr-bench");
    config.AddCommand<ProtocolCommand>("protocol")
        .WithDescription("The paper's reference protocol (baboon + non-uniform mask), vanilla vs INRR, paper settings.");
    config.AddCommand<MatrixCommand>("matrix")
        .WithDescription("The quality matrix: pictures x masks x sizes through classical inpainting, vanilla, INRR and the default.");
    config.AddCommand<MLNetRowsCommand>("mlnet-rows")
        .WithDescription("Rows per minute of ML.NET's CompleteImage for 1, 2, 4 concurrent rows.");
    config.AddCommand<SoakCommand>("soak")
        .WithDescription("Hundreds of short fits with a full garbage collection after every step and a thread allocating beside them.");
    config.AddCommand<NativeCommand>("native")
        .WithDescription("Colour photos at their own resolution: the default in windows against the classical fills on the whole photo; seconds and peak memory.");
    config.AddCommand<SpeedCommand>("speed")
        .WithDescription("Seconds per step and memory against image size.");
    config.AddCommand<DenoiseCommand>("denoise")
        .WithDescription("The paper's denoising task: vanilla, TV and INRR on the shared pictures at two noise levels, chosen/best/last PSNR.");
    config.AddCommand<BatchSpeedCommand>("batch-speed")
        .WithDescription("Throughput of batched fits: seconds per step and pictures per hour for 1, 4, 16 pictures per fit at 64, 128, 256.");
    config.AddCommand<DeviceCheckCommand>("device-check")
        .WithDescription("The same fits on the CPU and on a CUDA device, metrics and seconds side by side (bench/gpu-check.sh).");
});
return app.Run(args);
