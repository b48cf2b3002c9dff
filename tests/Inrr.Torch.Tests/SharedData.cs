namespace Inrr.Torch.Tests;

/// <summary>
/// The shared test data (../shared/data next to the repository root). Tests that need it call
/// <see cref="File"/>, which marks the test inconclusive when the data is not there (e.g. on a bare CI checkout).
/// </summary>
internal static class SharedData
{
    private static readonly string? Root = Locate();

    /// <summary>The full path of a shared data file, or Assert.Inconclusive when it is not available.</summary>
    public static string File(params string[] relativePath)
    {
        if (Root is null)
            Assert.Inconclusive("The shared data folder (../shared/data beside the folder holding Inrr.sln) does not exist.");
        var path = Path.Combine([Root, .. relativePath]);
        if (!System.IO.File.Exists(path))
            Assert.Inconclusive($"Shared data file '{path}' does not exist.");
        return path;
    }

    private static string? Locate()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (!System.IO.File.Exists(Path.Combine(folder.FullName, "Inrr.sln"))) continue;
            var data = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data"));
            return Directory.Exists(data) ? data : null;
        }
        return null;
    }
}
