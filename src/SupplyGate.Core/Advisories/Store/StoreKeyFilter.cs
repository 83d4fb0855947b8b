namespace SupplyGate.Core.Advisories.Store;

/// <summary>
/// A Bloom filter over the store's package keys, stored in <c>filters</c> and loaded once per open. Most
/// components of an SBOM have no advisory (~90% in a typical app); the filter answers those in nanoseconds
/// where an index seek costs ~20 µs, which is most of the 200 ms budget for 5,000 components. 12 bits and 8 probes per key: ~0.3% false positives, which then just take the index seek.
/// </summary>
internal sealed class StoreKeyFilter
{
    public const string PackagesName = "packages";
    private const int BitsPerKey = 12;
    private const int Probes = 8;

    private readonly ulong[] _bits;
    private readonly int _probes;

    private StoreKeyFilter(ulong[] bits, int probes)
    {
        _bits = bits;
        _probes = probes;
    }

    /// <summary>The stored form: one byte with the probe count, then the bit array as little-endian 64-bit words.</summary>
    public static byte[] Build(IEnumerable<long> keys, int distinctKeys)
    {
        ulong[] bits = new ulong[Math.Max(1, ((long)distinctKeys * BitsPerKey + 63) / 64)];
        foreach (long key in keys)
        {
            (ulong h1, ulong h2) = Mix(key);
            for (int i = 0; i < Probes; i++)
            {
                ulong bit = (h1 + ((ulong)i * h2)) % ((ulong)bits.Length * 64);
                bits[bit >> 6] |= 1UL << (int)(bit & 63);
            }
        }

        byte[] stored = new byte[1 + (bits.Length * 8)];
        stored[0] = Probes;
        for (int i = 0; i < bits.Length; i++)
        {
            BitConverter.TryWriteBytes(stored.AsSpan(1 + (i * 8)), bits[i]);
        }

        return BitConverter.IsLittleEndian ? stored : throw new PlatformNotSupportedException("big-endian platforms are not supported");
    }

    /// <summary>Reads a stored filter; <see cref="InvalidDataException"/> when it is damaged.</summary>
    public static StoreKeyFilter Read(byte[] stored)
    {
        if (stored.Length < 9 || (stored.Length - 1) % 8 != 0 || stored[0] is < 1 or > 32)
        {
            throw new InvalidDataException("the package key filter is damaged");
        }

        ulong[] bits = new ulong[(stored.Length - 1) / 8];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = BitConverter.ToUInt64(stored, 1 + (i * 8));
        }

        return new StoreKeyFilter(bits, stored[0]);
    }

    /// <summary>False: no record lists this key. True: one may (or a false positive).</summary>
    public bool MayContain(long key)
    {
        (ulong h1, ulong h2) = Mix(key);
        ulong size = (ulong)_bits.Length * 64;
        for (int i = 0; i < _probes; i++)
        {
            ulong bit = (h1 + ((ulong)i * h2)) % size;
            if ((_bits[bit >> 6] & (1UL << (int)(bit & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>splitmix64's finalizer: the FNV key's low bits are too regular to probe with directly.</summary>
    private static (ulong, ulong) Mix(long key)
    {
        ulong z = (ulong)key;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (z, (z >> 32) | 1);
    }
}
