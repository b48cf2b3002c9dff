// Marks one symbol-version requirement of an ELF64 little-endian shared library as weak, so the dynamic loader
// tolerates its absence (why: see LibTorchSharpPatch.targets). One source, two users:
// - the MSBuild inline task MarkGlibcxxVersionWeak (LibTorchSharpPatch.targets, in this repo and in the
//   Inrr.Torch package's buildTransitive folder) patches the copy in a build or publish output;
// - the engine (src/Inrr.Torch, compiled with INRR_ENGINE) patches a private copy at run time when the library
//   still fails to load (a consumer whose build did not run the targets, e.g. through a ProjectReference).
using System;
using System.IO;
using System.Text;
#if !INRR_ENGINE
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class MarkGlibcxxVersionWeak : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            string path = item.ItemSpec;
            try
            {
                byte[] elf = File.ReadAllBytes(path);
                int changed = ElfVersionPatch.MarkWeak(elf, VersionName);
                if (changed > 0)
                {
                    // Write a new file and move it over the old one: never write through a hard link
                    // into the NuGet package cache.
                    string tmp = path + ".inrr-tmp";
                    File.WriteAllBytes(tmp, elf);
                    File.Delete(path);
                    File.Move(tmp, path);
                    Log.LogMessage(MessageImportance.Normal, "Marked " + VersionName + " weak in " + path);
                }
            }
            catch (Exception e)
            {
                Log.LogWarning("Could not patch " + path + " (" + e.Message + "); on Debian 12 TorchSharp may then fail to load.");
            }
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

internal static class ElfVersionPatch
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>
    /// Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="versionName"/> in <paramref name="elf"/>.
    /// Returns how many entries were changed (0 when already weak or absent).
    /// </summary>
    public static int MarkWeak(byte[] elf, string versionName)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");

        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            uint type = BitConverter.ToUInt32(elf, (int)sh + 4);
            if (type != ShtGnuVerneed) continue;
            long offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            uint link = BitConverter.ToUInt32(elf, (int)sh + 0x28);
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);

            long vn = offset;
            while (true)
            {
                ushort cnt = BitConverter.ToUInt16(elf, (int)vn + 2);
                uint auxOff = BitConverter.ToUInt32(elf, (int)vn + 8);
                uint next = BitConverter.ToUInt32(elf, (int)vn + 12);
                long aux = vn + auxOff;
                for (int k = 0; k < cnt; k++)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    uint name = BitConverter.ToUInt32(elf, (int)aux + 8);
                    uint auxNext = BitConverter.ToUInt32(elf, (int)aux + 12);
                    if (ReadCString(elf, strtab + name) == versionName && (flags & VerFlgWeak) == 0)
                    {
                        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                        changed++;
                    }
                    if (auxNext == 0) break;
                    aux += auxNext;
                }
                if (next == 0) break;
                vn += next;
            }
        }
        return changed;
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
