using System.Security.Cryptography;
using SupplyGate.Core.Attestations.Transparency;

namespace SupplyGate.Core.Tests.Attestations.Transparency;

/// <summary>
/// The audit-path verifier against trees built here naively from RFC 6962 §2.1 (MTH with the largest power of two
/// below n as the split, PATH as defined in §2.1.1), independently of the verifier's iterative algorithm.
/// </summary>
[Trait("Category", "unit")]
public sealed class MerkleInclusionTests
{
    public static TheoryData<int> Sizes() => new(Enumerable.Range(1, 17));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_leaf_of_a_naive_tree_verifies(int size)
    {
        byte[][] leaves = Leaves(size);
        byte[] root = Mth(leaves);
        for (int index = 0; index < size; index++)
        {
            List<ReadOnlyMemory<byte>> path = Path(index, leaves);
            Assert.True(MerkleInclusion.Verify(LeafHash(leaves[index]), index, size, path, root), $"leaf {index} of {size}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Wrong_index_leaf_root_or_path_fails(int size)
    {
        byte[][] leaves = Leaves(size);
        byte[] root = Mth(leaves);
        for (int index = 0; index < size; index++)
        {
            List<ReadOnlyMemory<byte>> path = Path(index, leaves);
            byte[] leaf = LeafHash(leaves[index]);
            Assert.False(MerkleInclusion.Verify(leaf, size, size, path, root));
            Assert.False(MerkleInclusion.Verify(LeafHash([0xFF]), index, size, path, root));
            byte[] badRoot = (byte[])root.Clone();
            badRoot[0] ^= 1;
            Assert.False(MerkleInclusion.Verify(leaf, index, size, path, badRoot));
            if (size > 1)
            {
                Assert.False(MerkleInclusion.Verify(leaf, (index + 1) % size, size, path, root));
                Assert.False(MerkleInclusion.Verify(leaf, index, size, path.Take(path.Count - 1).ToList(), root));
                Assert.False(MerkleInclusion.Verify(leaf, index, size, [.. path, new byte[32]], root));
                byte[] flipped = path[0].ToArray();
                flipped[^1] ^= 0x80;
                Assert.False(MerkleInclusion.Verify(leaf, index, size, [flipped, .. path.Skip(1)], root));
            }
        }
    }

    [Fact]
    public void Leaf_and_node_hashes_are_domain_separated()
    {
        // RFC 6962 §2.1: a leaf is hashed with 0x00, a node with 0x01, so the two never collide.
        Assert.Equal(SHA256.HashData([0x00, 0x61]), MerkleInclusion.HashLeaf("a"u8));
        Assert.Equal(SHA256.HashData([0x01, 0x61, 0x62]), MerkleInclusion.HashChildren("a"u8, "b"u8));
    }

    private static byte[][] Leaves(int size) => Enumerable.Range(0, size).Select(i => new[] { (byte)i, (byte)(i * 7) }).ToArray();

    private static byte[] LeafHash(byte[] data) => SHA256.HashData([0x00, .. data]);

    private static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    // RFC 6962 §2.1: k is the largest power of two smaller than n.
    private static int Split(int n)
    {
        int k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }

    private static byte[] Mth(byte[][] d) =>
        d.Length == 1 ? LeafHash(d[0]) : Node(Mth(d[..Split(d.Length)]), Mth(d[Split(d.Length)..]));

    // RFC 6962 §2.1.1 PATH(m, D[n]).
    private static List<ReadOnlyMemory<byte>> Path(int m, byte[][] d)
    {
        if (d.Length == 1)
        {
            return [];
        }

        int k = Split(d.Length);
        return m < k
            ? [.. Path(m, d[..k]), Mth(d[k..])]
            : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }
}
