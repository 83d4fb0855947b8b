using System.Security.Cryptography;

namespace SupplyGate.Core.Attestations.Transparency;

/// <summary>
/// Merkle audit-path verification for an RFC 6962 log (RFC 6962 §2.1.1, algorithm from RFC 9162 §2.1.3.2,
/// https://www.rfc-editor.org/rfc/rfc9162#section-2.1.3.2). Rekor v1 and v2 are such logs: an inclusion proof
/// shows that the entry's canonicalized body is leaf <c>index</c> of the tree of <c>size</c> leaves whose root the
/// (signed) checkpoint commits to. Domain separation (0x00 leaf, 0x01 node) is what stops a node being passed off
/// as a leaf (second-preimage attacks on the tree).
/// </summary>
public static class MerkleInclusion
{
    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>SHA-256(0x00 || data): the hash of a leaf.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 || left || right): the hash of an interior node.</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([NodePrefix]);
        hash.AppendData(left);
        hash.AppendData(right);
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// Recomputes the root from the leaf hash and the audit path (RFC 9162 §2.1.3.2) and returns it, or null when
    /// the path cannot belong to (index, size): wrong length, index outside the tree, or a hash of the wrong size.
    /// </summary>
    public static byte[]? RootFromPath(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<ReadOnlyMemory<byte>> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (index < 0 || size <= 0 || index >= size || leafHash.Length != SHA256.HashSizeInBytes)
        {
            return null;
        }

        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash.ToArray();
        foreach (ReadOnlyMemory<byte> p in path)
        {
            if (sn == 0 || p.Length != SHA256.HashSizeInBytes)
            {
                // A longer path than the tree's height, or not a SHA-256 node.
                return null;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = HashChildren(p.Span, r);
                if ((fn & 1) == 0)
                {
                    // fn is the last node of its level with no right sibling: it is promoted unchanged until it
                    // becomes a right child (or reaches the top).
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = HashChildren(r, p.Span);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // sn must reach 0 exactly: a path shorter than the tree's height proves nothing.
        return sn == 0 ? r : null;
    }

    /// <summary>True when the audit path proves <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree with <paramref name="rootHash"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<ReadOnlyMemory<byte>> path, ReadOnlySpan<byte> rootHash)
    {
        byte[]? computed = RootFromPath(leafHash, index, size, path);
        return computed is not null && CryptographicOperations.FixedTimeEquals(computed, rootHash);
    }
}
