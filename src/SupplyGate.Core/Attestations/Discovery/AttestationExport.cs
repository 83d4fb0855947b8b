using System.Text;
using System.Text.Json;
using SupplyGate.Core.Attestations.Bundles;
using SupplyGate.Core.Attestations.Statements;
using SupplyGate.Core.Diagnostics;
using SupplyGate.Core.Oci;

namespace SupplyGate.Core.Attestations.Discovery;

/// <summary>
/// Turns an image's discovered attestations into files an auditor can take away: each attestation as a Sigstore
/// bundle (<c>*.sigstore.json</c>) next to its predicate (the SBOM, the policy result), and an index naming the
/// image digest, each predicate type and each file's SHA-256. Nothing is verified here: the predicate is read from
/// the unverified envelope so the files are useful, and the index says they are unverified; verify-bundle decides.
/// A legacy cosign <c>.att</c> layer is rebuilt into a v0.3 bundle (its leaf, RFC 3161 timestamp and Rekor entry).
/// </summary>
public static class AttestationExport
{
    public const string IndexFileName = "index.json";

    public static AttestationExportResult Build(string image, Digest imageDigest, AttestationDiscoveryResult discovered)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        var files = new List<ExportedFile>();
        var entries = new List<ExportedAttestation>();
        var problems = new List<string>(discovered.Problems);
        var taken = new HashSet<string>(StringComparer.Ordinal) { IndexFileName };

        foreach (DiscoveredAttestation attestation in discovered.Attestations)
        {
            byte[] bundle;
            try
            {
                bundle = attestation.BundleJson ?? SigstoreBundleWriter.Write(attestation.Legacy!.ToBundle().Bundle);
            }
            catch (InvalidInputException ex)
            {
                problems.Add($"{attestation.Describe()}: not written, cannot be rebuilt as a bundle: {ex.Message}");
                continue;
            }

            (string? predicateType, byte[]? predicate) = ReadPredicate(bundle);
            string stem = UniqueStem(Stem(predicateType ?? attestation.PredicateTypeHint), taken);
            string bundleName = $"{stem}.sigstore.json";
            files.Add(new ExportedFile(bundleName, bundle));
            string? predicateName = null;
            if (predicate is not null)
            {
                predicateName = stem;
                files.Add(new ExportedFile(predicateName, predicate));
            }

            entries.Add(new ExportedAttestation
            {
                Bundle = bundleName,
                BundleSha256 = Digest.Sha256(bundle).ToString(),
                Predicate = predicateName,
                PredicateSha256 = predicate is null ? null : Digest.Sha256(predicate).ToString(),
                PredicateType = predicateType ?? attestation.PredicateTypeHint,
                Source = attestation.Describe(),
            });
        }

        var index = new AttestationIndex
        {
            Image = image,
            ImageDigest = imageDigest.ToString(),
            Attestations = entries,
            Problems = problems,
        };
        files.Add(new ExportedFile(IndexFileName, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(index, AttestationIndexJsonContext.Default.AttestationIndex) + "\n")));
        return new AttestationExportResult(files, index);
    }

    /// <summary>The statement's predicate type and predicate bytes, read without verifying; nulls when the payload is no statement.</summary>
    private static (string? Type, byte[]? Predicate) ReadPredicate(byte[] bundle)
    {
        try
        {
            SigstoreBundle read = SigstoreBundleReader.Read(bundle);
            if (read.DsseEnvelope is not { } envelope)
            {
                return (null, null);
            }

            InTotoStatement statement = InTotoStatementSerializer.Read(envelope.Payload.Span);
            return (statement.PredicateType, statement.Predicate is { } p ? Encoding.UTF8.GetBytes(p.GetRawText()) : null);
        }
        catch (InvalidInputException)
        {
            return (null, null);
        }
    }

    private static string Stem(string? predicateType) => predicateType switch
    {
        null => "attestation.json",
        _ when PredicateTypes.IsCycloneDx(predicateType) => "sbom.cdx.json",
        PredicateTypes.PolicyResult => "policy-result.json",
        _ => "attestation.json",
    };

    private static string UniqueStem(string stem, HashSet<string> taken)
    {
        int dot = stem.IndexOf('.', StringComparison.Ordinal);
        string name = stem;
        for (int n = 2; taken.Contains(name) || taken.Contains($"{name}.sigstore.json"); n++)
        {
            name = $"{stem[..dot]}-{n}{stem[dot..]}";
        }

        taken.Add(name);
        taken.Add($"{name}.sigstore.json");
        return name;
    }
}

/// <summary>The files to write (names relative to the output directory) and the index among them.</summary>
public sealed record AttestationExportResult(IReadOnlyList<ExportedFile> Files, AttestationIndex Index);

/// <summary>One file of a download.</summary>
public sealed record ExportedFile(string Name, byte[] Content);
