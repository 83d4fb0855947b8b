using SupplyGate.Core.Advisories;

namespace SupplyGate.Core.Tests.Advisories.Matching;

/// <summary>A unit-test store: the matcher's logic without SQLite (the real store has its own tests).</summary>
internal sealed class InMemoryAdvisoryStore(IEnumerable<Advisory> advisories, IEnumerable<RuntimeChannel>? channels = null, DateTimeOffset? builtAt = null) : IAdvisoryStore
{
    private readonly Advisory[] _advisories = advisories.ToArray();
    private readonly RuntimeChannel[] _channels = (channels ?? []).ToArray();

    public StoreInfo Info => new()
    {
        SchemaVersion = 1,
        BuiltAt = builtAt ?? new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero),
        AdvisoryCount = _advisories.Length,
        Location = "in-memory",
    };

    public int Lookups { get; private set; }

    public IReadOnlyList<Advisory> FindByPackage(string ecosystem, string name)
    {
        Lookups++;
        return _advisories
            .Where(a => a.Affected.Any(p => p.Ecosystem == ecosystem && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
    }

    public IReadOnlyList<Advisory> FindById(string id) =>
        _advisories.Where(a => a.Id == id || a.Aliases.Contains(id)).ToArray();

    public RuntimeChannel? FindRuntimeChannel(string channel) => _channels.FirstOrDefault(c => c.Channel == channel);

    public void Dispose()
    {
    }
}
