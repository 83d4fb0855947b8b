using SupplyGate.Core.Attestations.Json;

namespace SupplyGate.Core.Attestations.Bundles;

/// <summary>
/// One <c>tlogEntries[]</c> element (sigstore_rekor.proto TransparencyLogEntry), with the per-version rules of
/// @sigstore/bundle validate.ts: v0.1 needs an inclusion promise, v0.2+ an inclusion proof with a checkpoint.
/// </summary>
internal static class TlogEntryReader
{
    public static TransparencyLogEntry Read(TlogEntryJson? json, int index, BundleVersion version)
    {
        string at = $"tlogEntries[{index}]";
        if (json is null)
        {
            throw SigstoreBundleReader.Malformed($"{at} is null");
        }

        if (json.LogIndex is not { } logIndex || logIndex < 0)
        {
            throw SigstoreBundleReader.Malformed($"{at}.logIndex is missing or negative");
        }

        if (json.LogId is null || json.KindVersion?.Kind is null || json.KindVersion.Version is null)
        {
            throw SigstoreBundleReader.Malformed($"{at} needs logId and kindVersion");
        }

        if (json.IntegratedTime is < 0)
        {
            throw SigstoreBundleReader.Malformed($"{at}.integratedTime is negative");
        }

        if (version == BundleVersion.V01 && json.InclusionPromise is null)
        {
            throw SigstoreBundleReader.Malformed($"{at} has no inclusionPromise, which a v0.1 bundle requires");
        }

        if (version != BundleVersion.V01 && json.InclusionProof?.Checkpoint is null)
        {
            throw SigstoreBundleReader.Malformed($"{at} has no inclusionProof with a checkpoint, which v0.2 and later require");
        }

        byte[] logId = Base64Value.Decode(json.LogId.KeyId, $"{at}.logId.keyId", static r => SigstoreBundleReader.Malformed(r));
        // Not a conditional expression: there, null would convert through byte[] into an empty but non-null memory,
        // and a proof-only entry (Rekor v2) would look like one with an (invalid) inclusion promise.
        ReadOnlyMemory<byte>? set = null;
        if (json.InclusionPromise is not null)
        {
            set = Base64Value.Decode(json.InclusionPromise.SignedEntryTimestamp, $"{at}.inclusionPromise.signedEntryTimestamp", static r => SigstoreBundleReader.Malformed(r));
        }

        byte[] body = json.CanonicalizedBody is null ? [] : Base64Value.Decode(json.CanonicalizedBody, $"{at}.canonicalizedBody", static r => SigstoreBundleReader.Malformed(r));
        return new TransparencyLogEntry(
            logIndex,
            logId,
            json.KindVersion.Kind,
            json.KindVersion.Version,
            json.IntegratedTime ?? 0,
            set,
            ReadProof(json.InclusionProof, at),
            body);
    }

    private static InclusionProof? ReadProof(InclusionProofJson? json, string at)
    {
        if (json is null)
        {
            return null;
        }

        if (json.LogIndex is not { } logIndex || logIndex < 0 || json.TreeSize is not { } treeSize || treeSize < 0)
        {
            throw SigstoreBundleReader.Malformed($"{at}.inclusionProof needs a non-negative logIndex and treeSize");
        }

        byte[] rootHash = Base64Value.Decode(json.RootHash, $"{at}.inclusionProof.rootHash", static r => SigstoreBundleReader.Malformed(r));
        var hashes = (json.Hashes ?? []).Select((h, i) => (ReadOnlyMemory<byte>)Base64Value.Decode(h, $"{at}.inclusionProof.hashes[{i}]", static r => SigstoreBundleReader.Malformed(r))).ToList();
        return new InclusionProof(logIndex, rootHash, treeSize, hashes, json.Checkpoint?.Envelope);
    }
}
