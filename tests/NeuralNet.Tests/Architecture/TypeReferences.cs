using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NeuralNet.Tests.Architecture;

/// <summary>Reads which of an assembly's own types each of its types uses: in signatures, base types, attributes and method bodies.</summary>
/// <remarks>
/// Works on the metadata and the IL of the compiled assembly (System.Reflection.Metadata), so it sees what the compiler
/// emitted, lambdas and iterators included: a compiler-generated nested type counts as its outermost declaring type.
/// </remarks>
internal static class TypeReferences
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Every (user, used) pair of top-level type names in <paramref name="assemblyPath"/>, such as ("NeuralNet.Network", "NeuralNet.Layers.Layer").</summary>
    public static IReadOnlySet<(string User, string Used)> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader md = pe.GetMetadataReader();
        var edges = new HashSet<(string, string)>();
        var provider = new TypeCollector(md);
        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            // <Module> and <PrivateImplementationDetails> (the compiler's constant arrays) belong to no layer.
            string user = TopLevelName(md, handle);
            if (user.StartsWith('<'))
            {
                continue;
            }

            var used = new HashSet<TypeDefinitionHandle>();
            provider.Target = used;
            AddType(md, provider, type.BaseType);
            foreach (InterfaceImplementationHandle i in type.GetInterfaceImplementations())
            {
                AddType(md, provider, md.GetInterfaceImplementation(i).Interface);
            }

            AddAttributes(md, provider, type.GetCustomAttributes());
            foreach (FieldDefinitionHandle f in type.GetFields())
            {
                FieldDefinition field = md.GetFieldDefinition(f);
                field.DecodeSignature(provider, null);
                AddAttributes(md, provider, field.GetCustomAttributes());
            }

            foreach (PropertyDefinitionHandle p in type.GetProperties())
            {
                md.GetPropertyDefinition(p).DecodeSignature(provider, null);
            }

            foreach (MethodDefinitionHandle m in type.GetMethods())
            {
                MethodDefinition method = md.GetMethodDefinition(m);
                method.DecodeSignature(provider, null);
                AddAttributes(md, provider, method.GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0)
                {
                    AddBody(md, provider, pe.GetMethodBody(method.RelativeVirtualAddress));
                }
            }

            foreach (TypeDefinitionHandle u in used)
            {
                string target = TopLevelName(md, u);
                if (target != user && !target.StartsWith('<'))
                {
                    edges.Add((user, target));
                }
            }
        }

        return edges;
    }

    /// <summary>The namespace of a top-level type name: <c>NeuralNet.Layers</c> for <c>NeuralNet.Layers.Layer</c>.</summary>
    public static string NamespaceOf(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot < 0 ? "" : typeName[..dot];
    }

    private static string TopLevelName(MetadataReader md, TypeDefinitionHandle handle)
    {
        TypeDefinition type = md.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = md.GetTypeDefinition(outer);
        }

        string ns = md.GetString(type.Namespace);
        string name = md.GetString(type.Name);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private static void AddBody(MetadataReader md, TypeCollector provider, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null);
        }

        BlobReader il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            short code = il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }

            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString or OperandType.InlineSig:
                    il.Offset += 4;
                    break;
                default: // InlineField, InlineMethod, InlineTok, InlineType
                    AddToken(md, provider, MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
            }
        }
    }

    private static void AddToken(MetadataReader md, TypeCollector provider, EntityHandle token)
    {
        switch (token.Kind)
        {
            case HandleKind.MethodDefinition:
                provider.Target.Add(md.GetMethodDefinition((MethodDefinitionHandle)token).GetDeclaringType());
                break;
            case HandleKind.FieldDefinition:
                provider.Target.Add(md.GetFieldDefinition((FieldDefinitionHandle)token).GetDeclaringType());
                break;
            case HandleKind.MemberReference:
                MemberReference member = md.GetMemberReference((MemberReferenceHandle)token);
                AddType(md, provider, member.Parent);
                if (member.GetKind() == MemberReferenceKind.Method)
                {
                    member.DecodeMethodSignature(provider, null);
                }
                else
                {
                    member.DecodeFieldSignature(provider, null);
                }

                break;
            case HandleKind.MethodSpecification:
                MethodSpecification spec = md.GetMethodSpecification((MethodSpecificationHandle)token);
                AddToken(md, provider, spec.Method);
                spec.DecodeSignature(provider, null);
                break;
            default:
                AddType(md, provider, token);
                break;
        }
    }

    private static void AddType(MetadataReader md, TypeCollector provider, EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return; // the base type of an interface or of <Module>
        }

        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                provider.Target.Add((TypeDefinitionHandle)handle);
                break;
            case HandleKind.TypeSpecification:
                md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(provider, null);
                break;
            case HandleKind.MethodDefinition or HandleKind.MemberReference:
                AddToken(md, provider, handle);
                break;
        }
    }

    private static void AddAttributes(MetadataReader md, TypeCollector provider, CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle a in attributes)
        {
            AddToken(md, provider, md.GetCustomAttribute(a).Constructor);
        }
    }

    /// <summary>Decodes signatures, recording every type definition of the assembly they mention.</summary>
    private sealed class TypeCollector(MetadataReader md) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<TypeDefinitionHandle> Target { get; set; } = [];

        public object? GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Target.Add(handle);
            return null;
        }

        public object? GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return null;
        }

        public object? GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => null;

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;
    }
}
