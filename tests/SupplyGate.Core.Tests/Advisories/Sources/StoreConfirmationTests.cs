using SupplyGate.Core.Advisories.Sources;
using SupplyGate.Core.Advisories.Store;
using SupplyGate.Core.Tests.Advisories.Store;
using SupplyGate.Core.Tests.Policy;
using SupplyGate.Tests.Shared;

namespace SupplyGate.Core.Tests.Advisories.Sources;

/// <summary>
/// A no-change update rewrites nothing, so the store's built_at stays old; what the policy's data.maxAge must
/// measure is when the sources last confirmed the data current. Against <see cref="PublicSourceServer"/>.
/// </summary>
[Trait("Category", "integration")]
public sealed class StoreConfirmationTests : IDisposable
{
    private readonly TempDirectory _dir = new("sg-confirm");
    private readonly PublicSourceServer _server = new();
    private readonly FakeTimeProvider _time = FakeTimeProvider.At("2026-11-01T00:00:00Z");

    public StoreConfirmationTests() => File.WriteAllText(_dir.Combine("nuget.config"), _server.NuGetConfig());

    private string StorePath => _dir.Combine("home", "advisories.db");

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task An_unchanged_answer_from_every_source_confirms_the_store_current_without_rewriting_it()
    {
        await UpdateAsync();
        DateTimeOffset built = Info().BuiltAt;
        Assert.Equal(_time.Now, built);
        byte[] before = File.ReadAllBytes(StorePath);

        _time.Now = _time.Now.AddDays(3);
        IncrementalUpdateResult unchanged = await UpdateAsync();

        Assert.Equal(IncrementalUpdateOutcome.Unchanged, unchanged.Outcome);
        Assert.Equal(before, File.ReadAllBytes(StorePath));
        Assert.Equal(built, Info().BuiltAt);
        Assert.Equal(_time.Now, Info().ConfirmedAt);
        Assert.Equal(_time.Now, Info().CurrentAsOf);
    }

    [Fact]
    public async Task A_failing_source_does_not_confirm_and_keeps_the_last_confirmation()
    {
        await UpdateAsync();
        _time.Now = _time.Now.AddDays(1);
        await UpdateAsync();
        DateTimeOffset confirmed = _time.Now;

        _time.Now = _time.Now.AddDays(2);
        _server.Fail("/tracker/data/json", 503);
        IncrementalUpdateResult partial = await UpdateAsync();

        Assert.Contains(partial.Sources, s => s.Status == SourceStatus.Failed);
        Assert.Equal(confirmed, Info().ConfirmedAt);
        Assert.Equal(_time.Now, StoreCheck.Read(StorePath)!.CheckedAt);
    }

    [Fact]
    public async Task A_store_replaced_after_the_confirmation_is_not_vouched_for()
    {
        await UpdateAsync();
        _time.Now = _time.Now.AddDays(1);
        await UpdateAsync();
        Assert.NotNull(Info().ConfirmedAt);

        // Another store file (an import, a mirror pull) at the same path: built later, confirmed never.
        string other = _dir.Combine("other.db");
        _time.Now = _time.Now.AddDays(1);
        StoreFixtures.Import(other, StoreFixtures.GhsaJsonl, _time);
        File.Copy(other, StorePath, overwrite: true);

        Assert.Null(Info().ConfirmedAt);
        Assert.Equal(Info().BuiltAt, Info().CurrentAsOf);
    }

    private SupplyGate.Core.Advisories.StoreInfo Info()
    {
        using AdvisoryStore store = AdvisoryStore.Open(StorePath);
        return store.Info;
    }

    private async Task<IncrementalUpdateResult> UpdateAsync()
    {
        var environment = new DictionaryEnvironment(new Dictionary<string, string> { [PublicSources.TestBaseVariable] = _server.BaseUrl });
        using DefaultUpdateSources sources = DefaultUpdateSources.Create(_dir.Path, environment, TimeSpan.FromSeconds(20), _time);
        return await new IncrementalUpdater(_time).UpdateAsync(StorePath, sources.Sources, new IncrementalUpdateOptions(), CancellationToken.None);
    }
}
