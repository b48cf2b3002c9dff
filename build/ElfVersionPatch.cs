// Edits ELF64 little-endian shared libraries so the dynamic loader accepts them on older or slimmer distributions:
// marks one symbol-version requirement weak (TorchSharp: see LibTorchSharpPatch.targets), or drops needed libraries
// whose functions are never called (OpenCV's GUI toolkit; see NativeLoadFix in the engine). One source, two users:
// - the MSBuild inline task MarkGlibcxxVersionWeak (LibTorchSharpPatch.targets, in this repo and in the
//   Inrr.Torch package's buildTransitive folder) patches the copy in a build or publish output;
// - the engine (src/Inrr.Torch, compiled with INRR_ENGINE) patches a private copy at run time when the library
//   still fails to load (a consumer whose build did not run the targets, e.g. through a ProjectReference).
using System;
using System.Collections.Generic;
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
        EnsureElf64(elf);

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

    private const uint ShtDynamic = 6;
    private const long DtNull = 0, DtNeeded = 1;

    /// <summary>The DT_NEEDED library names of <paramref name="elf"/>, in order.</summary>
    public static List<string> Needed(byte[] elf)
    {
        var names = new List<string>();
        ForEachNeeded(elf, (_, name) => names.Add(name));
        return names;
    }

    /// <summary>
    /// Removes the DT_NEEDED entries named in <paramref name="drop"/> from the dynamic section (later entries move up,
    /// DT_NULL fills the end). Returns how many were removed.
    /// </summary>
    public static int DropNeeded(byte[] elf, ICollection<string> drop)
    {
        var doomed = new List<long>();
        ForEachNeeded(elf, (entry, name) => { if (drop.Contains(name)) doomed.Add(entry); });
        if (doomed.Count == 0) return 0;
        long dynamic = 0, size = 0;
        EnsureElf64(elf);
        SectionHeaders(elf, (type, offset, sectionSize, _) => { if (type == ShtDynamic) (dynamic, size) = (offset, sectionSize); });
        var kept = new List<byte[]>();
        for (long e = dynamic; e + 16 <= dynamic + size; e += 16)
        {
            long tag = BitConverter.ToInt64(elf, (int)e);
            if (tag == DtNull) break;
            if (doomed.Contains(e)) continue;
            var entry = new byte[16];
            Array.Copy(elf, e, entry, 0, 16);
            kept.Add(entry);
        }
        Array.Clear(elf, (int)dynamic, (int)size);
        for (int k = 0; k < kept.Count; k++) kept[k].CopyTo(elf, (int)(dynamic + 16L * k));
        return doomed.Count;
    }

    private static void ForEachNeeded(byte[] elf, Action<long, string> visit)
    {
        EnsureElf64(elf);
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        SectionHeaders(elf, (type, offset, size, link) =>
        {
            if (type != ShtDynamic) return;
            long strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            for (long e = offset; e + 16 <= offset + size; e += 16)
            {
                long tag = BitConverter.ToInt64(elf, (int)e);
                if (tag == DtNull) break;
                if (tag == DtNeeded) visit(e, ReadCString(elf, strtab + (long)BitConverter.ToUInt64(elf, (int)e + 8)));
            }
        });
    }

    /// <summary>Calls <paramref name="visit"/> with each section's type, file offset, size and link.</summary>
    private static void SectionHeaders(byte[] elf, Action<uint, long, long, uint> visit)
    {
        long shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            int sh = (int)(shoff + (long)i * shentsize);
            visit(BitConverter.ToUInt32(elf, sh + 4), (long)BitConverter.ToUInt64(elf, sh + 0x18),
                  (long)BitConverter.ToUInt64(elf, sh + 0x20), BitConverter.ToUInt32(elf, sh + 0x28));
        }
    }

    private static void EnsureElf64(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
