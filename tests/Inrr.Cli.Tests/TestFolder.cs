using Inrr.Torch.Imaging;

namespace Inrr.Cli.Tests;

/// <summary>A fresh temporary folder per test, deleted afterwards, with helpers to put small inputs into it.</summary>
internal sealed class TestFolder : IDisposable
{
    public TestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "inrr-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder (sub-folders created).</summary>
    public string File(string relative)
    {
        string path = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes the built-in picture (distinct per <paramref name="variant"/>) as a PNG and returns its path.</summary>
    public string Picture(string relative, int size = 20, int variant = 0, int channels = 1)
    {
        var image = SyntheticImage.Facade(size + variant, size + variant, channels);
        if (variant != 0) image = ImageIO.Resize(image, size, size);
        string path = File(relative);
        ImageIO.SavePng(image, path);
        return path;
    }

    /// <summary>Writes a mask image (white = observed, 30 % random holes) and returns its path.</summary>
    public string MaskFile(string relative, int size = 20)
    {
        string path = File(relative);
        ImageIO.SavePng(new ImageData(1, size, size, Inrr.Torch.Masks.MaskFactory.Random(size, size, 0.3, seed: 1).Values.ToArray()), path);
        return path;
    }

    /// <summary>Writes a file that has an image's name but is not an image.</summary>
    public string Corrupt(string relative)
    {
        string path = File(relative);
        System.IO.File.WriteAllText(path, "this is not a PNG");
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow file system is no test failure; the OS cleans the temp folder.
        }
    }
}
