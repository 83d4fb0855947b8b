using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace SupplyGate.Tests.Shared;

/// <summary>
/// One managed assembly inside a .nupkg: where it sits and the name and versions in its metadata. The informational
/// version (AssemblyInformationalVersion, without a +commit suffix) is the release; some libraries keep the
/// assembly version fixed across releases.
/// </summary>
public sealed record PackagedAssembly(string Package, string Entry, string Name, Version Version, string? InformationalVersion)
{
    public override string ToString() => $"{Package}!{Entry} ({Name} {Version}, {InformationalVersion ?? "no informational version"})";
}

/// <summary>
/// Reads the managed assemblies a package carries from their metadata, not their file names, so a renamed copy of
/// a library is still recognised.
/// </summary>
public static class PackageAssemblies
{
    /// <summary>Every managed .dll in <paramref name="nupkg"/> (native libraries and resources are skipped).</summary>
    public static IReadOnlyList<PackagedAssembly> Read(string nupkg)
    {
        using ZipArchive zip = ZipFile.OpenRead(nupkg);
        var found = new List<PackagedAssembly>();
        foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)))
        {
            using var buffer = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(buffer);
            }

            buffer.Position = 0;
            using var pe = new PEReader(buffer);
            if (!pe.HasMetadata)
            {
                continue;
            }

            MetadataReader reader = pe.GetMetadataReader();
            AssemblyDefinition definition = reader.GetAssemblyDefinition();
            found.Add(new PackagedAssembly(Path.GetFileName(nupkg), entry.FullName, reader.GetString(definition.Name), definition.Version, InformationalVersion(reader, definition)));
        }

        return found;
    }

    private static string? InformationalVersion(MetadataReader reader, AssemblyDefinition definition)
    {
        foreach (CustomAttributeHandle handle in definition.GetCustomAttributes())
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            MemberReference constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference
                || reader.GetString(reader.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name) != "AssemblyInformationalVersionAttribute")
            {
                continue;
            }

            // ECMA-335 II.23.3: prolog 0x0001, then the string argument as a SerString.
            BlobReader blob = reader.GetBlobReader(attribute.Value);
            if (blob.ReadUInt16() != 1)
            {
                return null;
            }

            string? value = blob.ReadSerializedString();
            return value?.Split('+')[0];
        }

        return null;
    }

    /// <summary>
    /// BouncyCastle assemblies of the abandoned 1.8 line: Portable.BouncyCastle's and the old BouncyCastle package's
    /// assembly is named BouncyCastle.Crypto; the maintained 2.x line (BouncyCastle.Cryptography) is named
    /// BouncyCastle.Cryptography, and anything of it older than 2.3.1 predates the GHSA-8xfc-gm6g-vgpv fixes.
    /// </summary>
    public static bool IsOutdatedBouncyCastle(PackagedAssembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.Name.Equals("BouncyCastle.Crypto", StringComparison.OrdinalIgnoreCase)
            || (assembly.Name.StartsWith("BouncyCastle", StringComparison.OrdinalIgnoreCase)
                && !(Version.TryParse(assembly.InformationalVersion, out Version? release) && release >= new Version(2, 3, 1)));
    }
}
