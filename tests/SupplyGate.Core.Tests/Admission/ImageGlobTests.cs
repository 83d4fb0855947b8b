using SupplyGate.Core.Admission;

namespace SupplyGate.Core.Tests.Admission;

[Trait("Category", "unit")]
public sealed class ImageGlobTests
{
    [Theory]
    [InlineData("registry.example/team/**", "registry.example/team/app:1.0", true)]
    [InlineData("registry.example/team/**", "registry.example/team/sub/app@sha256:abc", true)]
    [InlineData("registry.example/team/**", "registry.example/teams/app:1.0", false)]
    [InlineData("registry.example/team/*", "registry.example/team/app:1.0", true)]
    [InlineData("registry.example/team/*", "registry.example/team/sub/app:1.0", false)]
    [InlineData("localhost:*/app/**", "localhost:5000/app/file:1.0", true)]
    [InlineData("docker.io/library/nginx:1.2?", "docker.io/library/nginx:1.25", true)]
    [InlineData("docker.io/library/nginx:1.2?", "docker.io/library/nginx:1.250", false)]
    [InlineData("registry.example/a.b/**", "registry.example/aXb/c:1", false)]
    public void Glob_MatchesTheWholeReference(string pattern, string reference, bool expected) =>
        Assert.Equal(expected, new ImageGlob(pattern).IsMatch(reference));
}
