using System.Security.Cryptography;
using Microsoft.Build.Framework;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.IO;
using SupplyGate.Core.Sbom;

namespace SupplyGate.Build.Tasks;

/// <summary>
/// The SBOM GenerateSbom just wrote, handed to CheckSbom in the same build (MSBuild runs both in one process) so the
/// gate does not parse the file back. Registered as a build-lifetime task object under the file's full path with the
/// SHA-256 of the bytes written; CheckSbom still reads the file and uses the object only when the file's hash is
/// that one, so an SBOM edited, replaced or written by another step between the two tasks is judged as it is on disk.
/// </summary>
internal sealed class SharedSbom
{
    private const string KeyPrefix = "SupplyGate.Sbom:";

    private SharedSbom(byte[] hash, Bom bom)
    {
        Hash = hash;
        Bom = bom;
    }

    private byte[] Hash { get; }

    private Bom Bom { get; }

    /// <summary>Offers <paramref name="bom"/>, whose serialised form <paramref name="content"/> is now in <paramref name="path"/>.</summary>
    public static void Offer(IBuildEngine? engine, string path, Bom bom, byte[] content)
    {
        if (engine is IBuildEngine4 registry)
        {
            string key = Key(path);
            registry.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build);
            registry.RegisterTaskObject(key, new SharedSbom(SHA256.HashData(content), bom), RegisteredTaskObjectLifetime.Build, allowEarlyCollection: true);
        }
    }

    /// <summary>The SBOM file's bytes, within the input limits.</summary>
    public static byte[] ReadBytes(string path) =>
        InputFile.ReadAllBytes(path, InputKind.Sbom, DiagnosticCode.BomInvalid, missingMessage: $"{path}: file not found");

    /// <summary>
    /// The SBOM in <paramref name="path"/>, whose bytes are <paramref name="content"/>: the offered object when they are
    /// the bytes it was written as, else the bytes parsed.
    /// </summary>
    public static (Bom Bom, bool Shared) Read(IBuildEngine? engine, string path, byte[] content)
    {
        if (engine is IBuildEngine4 registry
            && registry.GetRegisteredTaskObject(Key(path), RegisteredTaskObjectLifetime.Build) is SharedSbom shared
            && CryptographicOperations.FixedTimeEquals(shared.Hash, SHA256.HashData(content)))
        {
            return (shared.Bom, true);
        }

        return (CycloneDxReader.Read(content, path), false);
    }

    private static string Key(string path) => KeyPrefix + Path.GetFullPath(path);
}
