using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SupplyGate.Core.Diagnostics;

namespace SupplyGate.Core.Inventory.Os;

/// <summary>
/// Decodes one rpm header blob as rpmdb stores it (rpm lib/header.c <c>headerImport</c>, without the 8-byte
/// magic of package files): big-endian <c>il</c> index count and <c>dl</c> data length, <c>il</c> 16-byte
/// index entries (tag, type, offset, count), then the data store. Only the tags an SBOM needs are read.
/// </summary>
public static class RpmHeaderParser
{
    // rpmtag.h
    private const int TagName = 1000;
    private const int TagVersion = 1001;
    private const int TagRelease = 1002;
    private const int TagEpoch = 1003;
    private const int TagArch = 1022;
    private const int TagSourceRpm = 1044;

    // rpmtag.h rpmTagType_e
    private const int TypeInt32 = 4;
    private const int TypeString = 6;
    private const int TypeI18nString = 9;

    /// <summary>One package; <c>gpg-pubkey</c> pseudo-packages are returned too (the database reader drops them).</summary>
    public static OsPackage Parse(ReadOnlySpan<byte> blob, string sourceName)
    {
        if (blob.Length < 8)
        {
            throw Invalid(sourceName, "header shorter than 8 bytes");
        }

        int indexCount = BinaryPrimitives.ReadInt32BigEndian(blob);
        int dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        long dataStart = 8L + (16L * indexCount);
        if (indexCount <= 0 || dataLength < 0 || indexCount > 1_000_000 || dataStart + dataLength > blob.Length)
        {
            throw Invalid(sourceName, $"index count {indexCount} / data length {dataLength} do not fit a {blob.Length}-byte header");
        }

        ReadOnlySpan<byte> data = blob.Slice((int)dataStart, dataLength);
        string? name = null, version = null, release = null, arch = null, sourceRpm = null, epoch = null;
        for (int i = 0; i < indexCount; i++)
        {
            ReadOnlySpan<byte> entry = blob.Slice(8 + (16 * i), 16);
            int tag = BinaryPrimitives.ReadInt32BigEndian(entry);
            int type = BinaryPrimitives.ReadInt32BigEndian(entry[4..]);
            int offset = BinaryPrimitives.ReadInt32BigEndian(entry[8..]);
            switch (tag)
            {
                case TagName: name = String(data, type, offset, sourceName); break;
                case TagVersion: version = String(data, type, offset, sourceName); break;
                case TagRelease: release = String(data, type, offset, sourceName); break;
                case TagArch: arch = String(data, type, offset, sourceName); break;
                case TagSourceRpm: sourceRpm = String(data, type, offset, sourceName); break;
                case TagEpoch: epoch = Int32(data, type, offset, sourceName).ToString(CultureInfo.InvariantCulture); break;
            }
        }

        if (name is null || version is null)
        {
            throw Invalid(sourceName, "a header without NAME or VERSION");
        }

        string fullVersion = release is null ? version : $"{version}-{release}";
        (string sourceName2, string sourceVersion) = SplitSourceRpm(sourceRpm, name, fullVersion);
        return new OsPackage(name, fullVersion, arch, sourceName2, sourceVersion) { Epoch = epoch };
    }

    /// <summary><c>openssl-3.0.7-24.el9.src.rpm</c> → (<c>openssl</c>, <c>3.0.7-24.el9</c>): name-version-release.arch.rpm.</summary>
    internal static (string Name, string Version) SplitSourceRpm(string? sourceRpm, string binaryName, string binaryVersion)
    {
        if (string.IsNullOrEmpty(sourceRpm))
        {
            return (binaryName, binaryVersion);
        }

        string stem = sourceRpm.EndsWith(".rpm", StringComparison.Ordinal) ? sourceRpm[..^4] : sourceRpm;
        int archDot = stem.LastIndexOf('.');
        stem = archDot > 0 ? stem[..archDot] : stem;
        int releaseDash = stem.LastIndexOf('-');
        int versionDash = releaseDash > 0 ? stem.LastIndexOf('-', releaseDash - 1) : -1;
        return versionDash > 0 ? (stem[..versionDash], stem[(versionDash + 1)..]) : (binaryName, binaryVersion);
    }

    private static string String(ReadOnlySpan<byte> data, int type, int offset, string sourceName)
    {
        if (type is not (TypeString or TypeI18nString) || offset < 0 || offset >= data.Length)
        {
            throw Invalid(sourceName, $"string tag of type {type} at offset {offset} is out of range");
        }

        ReadOnlySpan<byte> rest = data[offset..];
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw Invalid(sourceName, "unterminated string");
        }

        return Encoding.UTF8.GetString(rest[..end]);
    }

    private static int Int32(ReadOnlySpan<byte> data, int type, int offset, string sourceName) =>
        type == TypeInt32 && offset >= 0 && offset <= data.Length - 4
            ? BinaryPrimitives.ReadInt32BigEndian(data[offset..])
            : throw Invalid(sourceName, $"int32 tag of type {type} at offset {offset} is out of range");

    private static InvalidInputException Invalid(string sourceName, string detail) =>
        new(DiagnosticCode.OsPackageDatabaseInvalid, $"{sourceName}: malformed rpm header: {detail}", sourceName);
}
