using System.Reflection;
using System.Text;
using NeuralNet.Tests.Support;

namespace NeuralNet.Tests.Packaging;

/// <summary>Keeps the public surface deliberate: it must equal the checked-in list, so every change to it shows in review.</summary>
public sealed class PublicApiTests
{
    private const string ListPath = "src/NeuralNet/PublicAPI.txt";

    [Fact]
    public void PublicSurface_MatchesCheckedInList()
    {
        string actual = Describe(typeof(Network).Assembly);
        string path = Path.Combine(RepositoryRoot.Path, ListPath);

        // NEURALNET_UPDATE_PUBLIC_API=1 dotnet test --filter PublicApiTests   rewrites the list after a deliberate change.
        if (Environment.GetEnvironmentVariable("NEURALNET_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        string expected = File.Exists(path) ? File.ReadAllText(path) : "";
        string[] added = actual.Split('\n').Except(expected.Split('\n')).ToArray();
        string[] removed = expected.Split('\n').Except(actual.Split('\n')).ToArray();
        (added.Length + removed.Length).Should().Be(0,
            $"the public API changed; review it and run NEURALNET_UPDATE_PUBLIC_API=1 dotnet test --filter PublicApiTests to accept it.\nAdded:\n{string.Join('\n', added)}\nRemoved:\n{string.Join('\n', removed)}");
    }

    [Fact]
    public void EveryPublicMember_HasXmlDocumentation()
    {
        string xmlPath = Path.ChangeExtension(typeof(Network).Assembly.Location, ".xml");
        string xml = File.ReadAllText(xmlPath);
        string[] undocumented = PublicTypes(typeof(Network).Assembly)
            .Where(t => !xml.Contains($"\"T:{t.FullName!.Replace('+', '.')}\"", StringComparison.Ordinal))
            .Select(t => t.FullName!)
            .ToArray();

        undocumented.Should().BeEmpty();
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (Type type in PublicTypes(assembly))
        {
            lines.Add($"{Kind(type)} {Name(type)}{BaseList(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(flags).Where(IsVisible))
            {
                string? line = Member(member);
                if (line is not null)
                {
                    lines.Add($"  {line}");
                }
            }
        }

        return SortMembers(lines);
    }

    // C# 14 extension blocks compile to public nested marker types with unspeakable names (<G>$...); their members are
    // listed as the static methods of the class that declares them, so the markers themselves are left out.
    private static IEnumerable<Type> PublicTypes(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => !t.Name.StartsWith('<')).OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static string SortMembers(List<string> lines)
    {
        var sb = new StringBuilder();
        int i = 0;
        while (i < lines.Count)
        {
            sb.Append(lines[i]).Append('\n');
            int start = ++i;
            while (i < lines.Count && lines[i].StartsWith("  ", StringComparison.Ordinal))
            {
                i++;
            }

            foreach (string member in lines.GetRange(start, i - start).Distinct().OrderBy(m => m, StringComparer.Ordinal))
            {
                sb.Append(member).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName || m is ConstructorInfo { IsPublic: true } or ConstructorInfo { IsFamily: true },
        FieldInfo f => f.IsPublic || f.IsFamily,
        PropertyInfo or EventInfo or Type => true,
        _ => false,
    };

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => $"{Access(c)}ctor({Parameters(c)})",
        MethodInfo m => $"{Access(m)}{(m.IsStatic ? "static " : "")}{(m.IsAbstract ? "abstract " : m.IsVirtual && !m.IsFinal ? "virtual " : "")}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
        PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod is { IsPublic: true } or { IsFamily: true } ? "get; " : "")}{(p.SetMethod is { IsPublic: true } or { IsFamily: true } ? "set; " : "")}}}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{Name(f.FieldType)} {f.Name}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => null,
    };

    private static string Access(MethodBase m) => m.IsFamily ? "protected " : "";

    private static string Generic(MethodInfo m) =>
        m.IsGenericMethodDefinition ? $"<{string.Join(", ", m.GetGenericArguments().Select(a => a.Name))}>" : "";

    private static string Parameters(MethodBase m) =>
        string.Join(", ", m.GetParameters().Select(p => $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : "")}"));

    private static string Kind(Type t) =>
        t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? (t.IsDefined(typeof(System.Runtime.CompilerServices.IsReadOnlyAttribute)) ? "readonly struct" : "struct")
        : t.IsAbstract && t.IsSealed ? "static class" : t.IsAbstract ? "abstract class" : t.IsSealed ? "sealed class" : "class";

    private static string BaseList(Type t)
    {
        var bases = new List<string>();
        if (t.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(t.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    private static string Name(Type t)
    {
        if (t.IsByRef)
        {
            return Name(t.GetElementType()!);
        }

        if (t.IsArray)
        {
            return Name(t.GetElementType()!) + "[]";
        }

        if (t.IsGenericParameter)
        {
            return t.Name;
        }

        string name = t.IsNested ? $"{Name(t.DeclaringType!)}.{t.Name}" : $"{t.Namespace}.{t.Name}";
        if (t.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
