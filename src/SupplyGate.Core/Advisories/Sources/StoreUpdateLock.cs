namespace SupplyGate.Core.Advisories.Sources;

/// <summary>
/// One updater per store across processes: an exclusive lock on <c>&lt;store&gt;.lock</c> (FileShare.None is
/// flock(2) on Unix, a share-mode lock on Windows; both are released by the OS when a process dies, so a
/// crashed build never leaves the store locked). Waiting is bounded: parallel builds on one CI agent wait for
/// the first one's update, never forever.
/// </summary>
internal sealed class StoreUpdateLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly FileStream _handle;

    private StoreUpdateLock(FileStream handle) => _handle = handle;

    public static string PathFor(string storePath) => Path.GetFullPath(storePath) + ".lock";

    /// <summary>The lock, or null when another process still held it after <paramref name="wait"/>.</summary>
    public static async Task<StoreUpdateLock?> TryAcquireAsync(string storePath, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        string path = PathFor(storePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long start = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new StoreUpdateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (time.GetElapsedTime(start) < wait)
            {
                await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
