using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Turtle.Actors.Hosting;

/// <summary>Configures a silo: its grain assemblies and providers. Provider packages add extension methods here.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }

    /// <summary>Registers the grain classes and interfaces of <paramref name="assembly"/> (found through its generated registrar).</summary>
    ISiloBuilder AddGrainAssembly(Assembly assembly);
}

internal sealed class SiloBuilder(IServiceCollection services, GrainAssemblies assemblies) : ISiloBuilder
{
    public IServiceCollection Services { get; } = services;

    public ISiloBuilder AddGrainAssembly(Assembly assembly)
    {
        assemblies.Add(assembly);
        return this;
    }
}

/// <summary>The grain assemblies the silo was configured with, plus those found at start-up.</summary>
internal sealed class GrainAssemblies
{
    private readonly List<Assembly> _assemblies = [];

    public void Add(Assembly assembly)
    {
        if (!_assemblies.Contains(assembly))
        {
            _assemblies.Add(assembly);
        }
    }

    /// <summary>Configured assemblies, plus loaded ones and the entry assembly's references that carry generated registrars.</summary>
    public IEnumerable<Assembly> Discover()
    {
        var found = new List<Assembly>(_assemblies);
        var candidates = AppDomain.CurrentDomain.GetAssemblies().ToList();
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            candidates.Add(entry);
            foreach (var reference in entry.GetReferencedAssemblies().Where(r => !IsFramework(r.Name)))
            {
                try
                {
                    candidates.Add(Assembly.Load(reference));
                }
                catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // A reference that cannot load holds no grains we could use.
                }
            }
        }

        found.AddRange(candidates.Where(a => !a.IsDynamic && !IsFramework(a.GetName().Name) &&
                                             a.IsDefined(typeof(Turtle.Actors.Invocation.GrainTypeRegistrarAttribute), inherit: false)));
        return found.Distinct();
    }

    private static bool IsFramework(string? name) =>
        name is null || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal) ||
        name is "netstandard" or "mscorlib";
}
