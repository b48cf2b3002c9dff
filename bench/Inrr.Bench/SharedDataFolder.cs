namespace Inrr.Bench;

/// <summary>Finds ../shared/data beside the repository (the benchmark inputs; never needed by the product).</summary>
internal static class SharedDataFolder
{
    public static string Locate(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
            return Directory.Exists(explicitPath) ? explicitPath
                : throw new DirectoryNotFoundException($"--data folder '{explicitPath}' does not exist.");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Inrr.sln"))) continue;
                string data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                if (Directory.Exists(data)) return data;
            }
        }
        throw new DirectoryNotFoundException("No ../shared/data beside the repository; pass --data <folder>.");
    }
}
