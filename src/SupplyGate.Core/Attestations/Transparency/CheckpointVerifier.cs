using System.Security.Cryptography;

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

        // Rekor v1 note keys are ECDSA; their key hint is the first 4 bytes of SHA-256(DER key), the log ID
        // (sigstore-js checkpoint.ts, rekor pkg/util/signed_note.go). A note may carry cosignatures by witnesses we
        // do not know: those are ignored, but every signature claiming to be the log's must verify.
        byte[] hint = key.KeyId[..4];
        var ours = checkpoint.Signatures.Where(s => s.KeyHint.Span.SequenceEqual(hint)).ToList();
        if (ours.Count == 0)
        {
            throw TransparencyLogFailure.Invalid($"no checkpoint signature carries the log's key hint {Convert.ToHexStringLower(hint)}");
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
