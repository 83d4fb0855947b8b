using System.Security.Cryptography;
using SupplyGate.Core.Attestations.Bundles;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// Verifies an entry's inclusion proof against its signed checkpoint (sigstore-go <c>tlog.VerifyInclusion</c>,
/// sigstore-js <c>verifyCheckpoint</c> + <c>verifyMerkleInclusion</c>): the Merkle path must lead from the body's
/// leaf hash to the proof's root hash, and the checkpoint, signed by the log, must commit to that same root and
/// tree size. Without the checkpoint signature the proof is only self-consistent: anyone can compute a tree.
/// </summary>
internal static class CheckpointVerifier
{
    public static void Verify(TransparencyLogEntry entry, TransparencyLogKey key)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(key);
        InclusionProof proof = entry.InclusionProof ?? throw TransparencyLogFailure.Invalid("it has no inclusion proof");

        // The proof's index is relative to the log shard the checkpoint describes (Rekor v1 shards), not the
        // entry's global logIndex, so the proof's own index is the leaf position.
        byte[] leaf = MerkleInclusion.HashLeaf(entry.CanonicalizedBody.Span);
        if (!MerkleInclusion.Verify(leaf, proof.LogIndex, proof.TreeSize, proof.Hashes, proof.RootHash.Span))
        {
            throw TransparencyLogFailure.Invalid($"the inclusion proof for leaf {proof.LogIndex} of a tree of size {proof.TreeSize} does not lead to the stated root hash");
        }

        if (proof.Checkpoint is not { } text)
        {
            throw TransparencyLogFailure.Invalid("the inclusion proof has no checkpoint, so its root hash is not signed by the log");
        }

        SignedCheckpoint checkpoint;
        try
        {
            checkpoint = SignedCheckpoint.Parse(text);
        }
        catch (FormatException ex)
        {
            throw TransparencyLogFailure.Invalid($"the checkpoint is malformed: {ex.Message}");
        }

        if (checkpoint.TreeSize != proof.TreeSize || !CryptographicOperations.FixedTimeEquals(checkpoint.RootHash.Span, proof.RootHash.Span))
        {
            throw TransparencyLogFailure.Invalid("the checkpoint's tree size or root hash differs from the inclusion proof's");
        }

        // A Rekor v2 checkpoint names its log: the origin line and the log's signature lines carry the key name
        // the trusted root's base URL gives (tlog-checkpoint.md "origin"; sigstore-go VerifyCheckpointAndInclusion).
        if (key.NoteName is { } name && checkpoint.Origin != name)
        {
            throw TransparencyLogFailure.Invalid($"the checkpoint's origin '{checkpoint.Origin}' is not the log '{name}' the trusted root names");
        }

        // A note may carry cosignatures by witnesses, or by other keys under the same name: those are ignored
        // (signed-note.md: unknown keys are skipped), but every signature by the log's key must verify.
        byte[] hint = key.NoteKeyHint;
        var ours = checkpoint.Signatures
            .Where(s => s.KeyHint.Span.SequenceEqual(hint) && (key.NoteName is null || s.Name == key.NoteName))
            .ToList();
        if (ours.Count == 0)
        {
            throw TransparencyLogFailure.Invalid($"no checkpoint signature carries the log's key hint {Convert.ToHexStringLower(hint)}{(key.NoteName is null ? "" : $" and name '{key.NoteName}'")}");
        }

        foreach (NoteSignature signature in ours)
        {
            if (!key.Verify(checkpoint.Body.Span, signature.Signature.Span))
            {
                throw TransparencyLogFailure.Invalid($"the checkpoint signature by '{signature.Name}' is not a valid signature by the log's key");
            }
        }
    }
}
