using System.Runtime.InteropServices;

namespace SupplyGate.Core.IO;

/// <summary>
/// Tells what a path is before it is opened. .NET reports FIFOs and devices as ordinary files, and opening a
/// FIFO blocks until someone writes to it, so the file type comes from stat(2) itself (it follows symbolic
/// links, and fails with ELOOP on a loop).
/// </summary>
internal static class FileTypeProbe
{
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int Directory = 0x4000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int Socket = 0xC000;

    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;
    private const int TooManyLinks = 40;
    private const int TooManyLinksMac = 62;

    /// <summary>What kind of entry <paramref name="path"/> names, following symbolic links.</summary>
    public static PathKind Probe(string path)
    {
        if (OffsetOfMode() is not { } offset)
        {
            return ProbeManaged(path);
        }

        byte[] buffer = new byte[256];
        int result;
        try
        {
            result = NativeMethods.Stat(path, buffer);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return ProbeManaged(path);
        }

        if (result != 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                NoSuchFile or NotADirectory => PathKind.Missing,
                TooManyLinks or TooManyLinksMac => PathKind.SymbolicLinkLoop,
                _ => PathKind.Unreadable,
            };
        }

        int mode = OperatingSystem.IsMacOS() ? BitConverter.ToUInt16(buffer, offset) : BitConverter.ToInt32(buffer, offset);
        return (mode & TypeMask) switch
        {
            Regular => PathKind.RegularFile,
            Directory => PathKind.Directory,
            Fifo => PathKind.Fifo,
            CharacterDevice => PathKind.CharacterDevice,
            BlockDevice => PathKind.BlockDevice,
            Socket => PathKind.Socket,
            _ => PathKind.Other,
        };
    }

    // st_mode's offset in struct stat: after dev, ino and nlink on x86-64 Linux; after dev and ino on the
    // generic (arm64) Linux layout; after a 32-bit dev on arm64 macOS (64-bit inode layout).
    private static int? OffsetOfMode() =>
        OperatingSystem.IsLinux()
            ? RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => 24,
                Architecture.Arm64 => 16,
                _ => null,
            }
            : OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 4 : null;

    // Windows (and unknown layouts): no FIFOs at file paths; directories and missing files are still told apart.
    private static PathKind ProbeManaged(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return PathKind.Directory;
        }

        try
        {
            _ = File.ResolveLinkTarget(path, returnFinalTarget: true);
        }
        catch (IOException)
        {
            return PathKind.SymbolicLinkLoop;
        }

        return File.Exists(path) ? PathKind.RegularFile : PathKind.Missing;
    }

    private static class NativeMethods
    {
        // The path is marshalled as UTF-8 (LPUTF8Str), which is what the kernel takes; CA2101 only knows the
        // ANSI/Unicode choice.
#pragma warning disable CA2101
        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
#pragma warning restore CA2101
    }
}

/// <summary>What a path names once symbolic links are followed.</summary>
public enum PathKind
{
    RegularFile,
    Directory,
    Missing,
    SymbolicLinkLoop,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unreadable,
    Other,
}
