using System.Xml.Linq;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>Holds the repository to the project graph of DESIGN.md §2 by reading every project file.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Nothing = [];
    private static readonly string[] Anything = [DependencyRule.Any];

    // Tensors, transport, wire formats and images belong to Learning, Bridge, Carla and the Simulator/CLI.
    private static readonly string[] DrivingForbiddenPackages =
        ["TorchSharp", "libtorch", "NetMQ", "MessagePack", "Google.Protobuf", "Grpc.Tools", "OpenCvSharp", "SkiaSharp"];

    /// <summary>DESIGN.md §2, row by row. A row for a project that does not exist yet applies once it does.</summary>
    internal static readonly DependencyRule[] Design =
    [
        //  project              may reference (src projects)               packages it must not use
        new("CarlaDrl.Envs",      Nothing,                                   Anything), // BCL only
        new("CarlaDrl.Driving",   ["CarlaDrl.Envs"],                         DrivingForbiddenPackages),
        new("CarlaDrl.Simulator", ["CarlaDrl.Driving", "CarlaDrl.Envs"],     Nothing),
        new("CarlaDrl.Carla",     ["CarlaDrl.Driving", "CarlaDrl.Envs"],     Nothing),
        new("CarlaDrl.Bridge",    ["CarlaDrl.Driving", "CarlaDrl.Envs"],     Nothing),
        new("CarlaDrl.Learning",  ["CarlaDrl.Envs"],                         Nothing), // never Driving
        new("CarlaDrl.Cli",       Anything,                                  Nothing),
    ];

    private static string Root => RepositoryPaths.Root;

    /// <summary>Every <c>src/*/*.csproj</c>, by project name.</summary>
    private static IReadOnlyList<(string Name, string Path)> SourceProjects() =>
        Directory.GetDirectories(Path.Combine(Root, "src"))
            .SelectMany(dir => Directory.GetFiles(dir, "*.csproj"))
            .Select(path => (Path.GetFileNameWithoutExtension(path), path))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Every_src_project_references_only_what_DESIGN_md_allows()
    {
        var projects = SourceProjects();
        Assert.Contains(projects, p => p.Name == "CarlaDrl.Envs"); // the walk found the real src/ folder

        var violations = projects
            .SelectMany(p => ProjectDependencyChecker.Check(p.Name, File.ReadAllText(p.Path), Design))
            .ToList();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Every_src_project_has_a_test_project()
    {
        var missing = SourceProjects()
            .Select(p => $"tests/{p.Name}.Tests/{p.Name}.Tests.csproj")
            .Where(test => !File.Exists(Path.Combine(Root, test)))
            .ToList();

        Assert.True(missing.Count == 0, "missing test projects: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_project_is_in_the_solution_so_dotnet_test_runs_it()
    {
        var inSolution = XDocument.Load(Path.Combine(Root, "CarlaDrl.slnx")).Descendants()
            .Where(e => e.Name.LocalName == "Project")
            .Select(e => ((string?)e.Attribute("Path") ?? "").Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
        var missing = new[] { "src", "tests", "benchmarks" }
            .Where(folder => Directory.Exists(Path.Combine(Root, folder)))
            .SelectMany(folder => Directory.GetFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Contains("bin") && !path.Split('/').Contains("obj"))
            .Where(path => !inSolution.Contains(path))
            .ToList();

        Assert.True(missing.Count == 0, "not in CarlaDrl.slnx: " + string.Join(", ", missing));
    }

    [Fact]
    public void Repository_wide_build_files_add_no_references_to_every_project()
    {
        // An item here would reach CarlaDrl.Envs too, which may use the BCL only.
        var found = new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }
            .Select(file => Path.Combine(Root, file))
            .Where(File.Exists)
            .SelectMany(path => new[] { "ProjectReference", "PackageReference", "GlobalPackageReference" }
                .SelectMany(item => ProjectDependencyChecker.Items(XDocument.Load(path), item)
                    .Select(include => $"{Path.GetFileName(path)}: {item} {include}")))
            .ToList();

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Theory]
    [InlineData("CarlaDrl.Learning", """<ProjectReference Include="../CarlaDrl.Driving/CarlaDrl.Driving.csproj" />""", "CarlaDrl.Learning references CarlaDrl.Driving")]
    [InlineData("CarlaDrl.Envs", """<ProjectReference Include="../CarlaDrl.Driving/CarlaDrl.Driving.csproj" />""", "CarlaDrl.Envs references CarlaDrl.Driving; DESIGN.md §2 allows no project")]
    [InlineData("CarlaDrl.Driving", """<ProjectReference Include="..\CarlaDrl.Simulator\CarlaDrl.Simulator.csproj" />""", "CarlaDrl.Driving references CarlaDrl.Simulator")]
    [InlineData("CarlaDrl.Carla", """<ProjectReference Include="../CarlaDrl.Bridge/CarlaDrl.Bridge.csproj" />""", "CarlaDrl.Carla references CarlaDrl.Bridge")]
    [InlineData("CarlaDrl.Envs", """<PackageReference Include="System.CommandLine" />""", "CarlaDrl.Envs references the package System.CommandLine; DESIGN.md §2 allows it the BCL only")]
    [InlineData("CarlaDrl.Driving", """<PackageReference Include="TorchSharp" />""", "CarlaDrl.Driving references the package TorchSharp")]
    [InlineData("CarlaDrl.Driving", """<PackageReference Include="OpenCvSharp4.official.runtime.linux-x64" />""", "CarlaDrl.Driving references the package OpenCvSharp4")]
    [InlineData("CarlaDrl.Simulator", """<ProjectReference Include="../../tests/CarlaDrl.TestKit/CarlaDrl.TestKit.csproj" />""", "references the test project CarlaDrl.TestKit")]
    [InlineData("CarlaDrl.Cli", """<ProjectReference Include="../../tests/CarlaDrl.Envs.Tests/CarlaDrl.Envs.Tests.csproj" />""", "references the test project CarlaDrl.Envs.Tests")]
    [InlineData("CarlaDrl.Planner", "", "CarlaDrl.Planner has no row in the dependency table")]
    public void The_checker_reports_a_violation(string project, string item, string expected)
    {
        var violations = ProjectDependencyChecker.Check(project, ProjectXml(item), Design);

        var violation = Assert.Single(violations);
        Assert.Contains(expected, violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CarlaDrl.Simulator", """<ProjectReference Include="../CarlaDrl.Driving/CarlaDrl.Driving.csproj" /><ProjectReference Include="../CarlaDrl.Envs/CarlaDrl.Envs.csproj" /><PackageReference Include="SkiaSharp" />""")]
    [InlineData("CarlaDrl.Learning", """<ProjectReference Include="../CarlaDrl.Envs/CarlaDrl.Envs.csproj" /><PackageReference Include="TorchSharp" />""")]
    [InlineData("CarlaDrl.Bridge", """<ProjectReference Include="../CarlaDrl.Driving/CarlaDrl.Driving.csproj" /><PackageReference Include="NetMQ" />""")]
    [InlineData("CarlaDrl.Cli", """<ProjectReference Include="../CarlaDrl.Learning/CarlaDrl.Learning.csproj" /><ProjectReference Include="../CarlaDrl.Carla/CarlaDrl.Carla.csproj" />""")]
    public void The_checker_accepts_what_DESIGN_md_allows(string project, string items)
    {
        Assert.Empty(ProjectDependencyChecker.Check(project, ProjectXml(items), Design));
    }

    private static string ProjectXml(string items) =>
        $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>{items}</ItemGroup></Project>""";
}
