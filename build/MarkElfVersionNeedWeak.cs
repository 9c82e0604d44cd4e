// The MarkElfVersionNeedWeak MSBuild task (compiled by RoslynCodeTaskFactory from TorchSharpGlibcxxPatch.targets).
// It marks one symbol-version need of an ELF64 little-endian shared library weak (VER_FLG_WEAK, 0x2, in the
// Elf64_Vernaux entry of .gnu.version_r), so the dynamic loader accepts the library when the providing library
// lacks that version. It only does so when no system libstdc++ defines the version. netstandard2.0 APIs only:
// that is what the task factory compiles against.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MarkElfVersionNeedWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    [Required]
    public ITaskItem[] Files { get; set; }

    [Required]
    public string Version { get; set; }

    public override bool Execute()
    {
        string provider = FindSystemProvider(Version);
        if (provider != null)
        {
            Log.LogMessage(MessageImportance.Low, "{0} is defined by {1}; libLibTorchSharp.so needs no patch.", Version, provider);
            return true;
        }

        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                Log.LogMessage(MessageImportance.Normal, "{0}: {1}", path, Patch(path, Version));
            }
            catch (Exception ex)
            {
                Log.LogError(
                    "Could not mark the {0} version need of '{1}' weak: {2} Without it torch fails to load here " +
                    "because the system libstdc++ lacks {0} (see docs ENVIRONMENT.md); set TorchSharpGlibcxxPatch=false to skip.",
                    Version, path, ex.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>A system libstdc++ that defines <paramref name="version"/>, or null when none does (or none is found).</summary>
    private static string FindSystemProvider(string version)
    {
        byte[] needle = Encoding.ASCII.GetBytes(version + "\0");
        foreach (string candidate in LibStdCxxCandidates)
        {
            if (File.Exists(candidate) && IndexOf(File.ReadAllBytes(candidate), needle) >= 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Patches a copy and renames it over the file, so a hard link into the NuGet cache is never written through.</summary>
    private static string Patch(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        int flagsOffset = FindVernauxFlags(elf, version, out string needFile);
        if (flagsOffset < 0)
        {
            return "needs no " + version + "; nothing to patch.";
        }

        ushort flags = ReadU16(elf, flagsOffset);
        if ((flags & VerFlgWeak) != 0)
        {
            return version + " (from " + needFile + ") is already weak.";
        }

        string temp = path + ".glibcxx-patch.tmp";
        File.Copy(path, temp, true); // keeps the file mode
        using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsOffset;
            ushort weak = (ushort)(flags | VerFlgWeak);
            stream.WriteByte((byte)weak);
            stream.WriteByte((byte)(weak >> 8));
        }

        // Same timestamp and size as the package's file, so incremental builds skip copying it again.
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
        File.Delete(path);
        File.Move(temp, path);
        return "marked the " + version + " need (from " + needFile + ") weak, because no system libstdc++ defines it.";
    }

    /// <summary>The file offset of vna_flags of the Elf64_Vernaux naming <paramref name="version"/>, or -1.</summary>
    private static int FindVernauxFlags(byte[] elf, string version, out string needFile)
    {
        needFile = null;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file.");
        }

        long shoff = checked((long)ReadU64(elf, 40));
        int shentsize = ReadU16(elf, 58);
        int shnum = ReadU16(elf, 60);
        for (int i = 0; i < shnum; i++)
        {
            int sh = checked((int)(shoff + ((long)i * shentsize)));
            Require(elf, sh, 64, "section header " + i);
            if (ReadU32(elf, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            int offset = checked((int)ReadU64(elf, sh + 24));
            int link = (int)ReadU32(elf, sh + 40);
            int count = (int)ReadU32(elf, sh + 44);
            int strtab = checked((int)ReadU64(elf, checked((int)(shoff + ((long)link * shentsize))) + 24));
            int need = offset;
            for (int n = 0; n < count; n++)
            {
                Require(elf, need, 16, "Elf64_Verneed " + n);
                string file = ReadString(elf, strtab + (int)ReadU32(elf, need + 4));
                int aux = need + (int)ReadU32(elf, need + 8);
                int auxCount = ReadU16(elf, need + 2);
                for (int a = 0; a < auxCount; a++)
                {
                    Require(elf, aux, 16, "Elf64_Vernaux of " + file);
                    if (ReadString(elf, strtab + (int)ReadU32(elf, aux + 8)) == version)
                    {
                        needFile = file;
                        return aux + 4;
                    }

                    aux += (int)ReadU32(elf, aux + 12);
                }

                need += (int)ReadU32(elf, need + 12);
            }

            return -1;
        }

        return -1;
    }

    private static void Require(byte[] elf, int offset, int length, string what)
    {
        if (offset < 0 || offset + length > elf.Length)
        {
            throw new InvalidDataException(what + " lies outside the file (truncated or corrupt ELF).");
        }
    }

    private static string ReadString(byte[] elf, int offset)
    {
        int end = offset;
        while (end < elf.Length && elf[end] != 0)
        {
            end++;
        }

        Require(elf, offset, end - offset + 1, "a string table entry");
        return Encoding.ASCII.GetString(elf, offset, end - offset);
    }

    private static ushort ReadU16(byte[] b, int o) => (ushort)(b[o] | (b[o + 1] << 8));

    private static uint ReadU32(byte[] b, int o) => (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24));

    private static ulong ReadU64(byte[] b, int o) => ReadU32(b, o) | ((ulong)ReadU32(b, o + 4) << 32);

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j])
            {
                j++;
            }

            if (j == needle.Length)
            {
                return i;
            }
        }

        return -1;
    }
}
