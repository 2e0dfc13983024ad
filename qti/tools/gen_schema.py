#!/usr/bin/env python3
"""Compile the official QTI XSDs into the compact schema tables used by `qti::schema`.

Usage: gen_schema.py SCHEMES_DIR QTI3_PATCHED_DIR OUT_DIR

SCHEMES_DIR is qti-sdk's `src/qtism/data/storage/xml/schemes` (../shared/corpus/qti/qti-sdk-schemas/...),
QTI3_PATCHED_DIR is ../shared/corpus/qti/qti3-xsd-patched/qtiv3p0. Writes one table file per schema
(`v2p0.json`, `v2p1.json`, ...). The tables hold facts taken from the XSDs (names, attribute types, content
models compiled to deterministic automata); nothing else of the XSDs is copied.

Each content model is compiled with the Glushkov construction; the XSD Unique Particle Attribution rule
makes the result deterministic, which the script checks.
"""
import json, os, sys, xml.etree.ElementTree as ET

XS = "http://www.w3.org/2001/XMLSchema"
XMLNS = "http://www.w3.org/XML/1998/namespace"
def q(tag): return "{%s}%s" % (XS, tag)

# Namespaces whose content is not validated (foreign vocabularies imported by the QTI XSDs).
OPAQUE = [
    "http://www.w3.org/1998/Math/MathML",
    "http://www.w3.org/2010/Math/MathML",
    "http://www.w3.org/2001/10/synthesis",
    "http://www.w3.org/2010/10/synthesis",
    "http://www.imsglobal.org/xsd/apip/apipv1p0/imsapip_qtiv1p0",
    "http://www.w3.org/2001/XInclude",
]

class Schema:
    def __init__(self):
        self.docs = {}          # path -> (root, tns, qualified)
        self.complex = {}       # (ns,name) -> (node, doc)
        self.simple = {}
        self.groups = {}
        self.agroups = {}
        self.elements = {}      # global elements
        self.attributes = {}    # global attributes

    def load(self, path):
        path = os.path.normpath(path)
        if path in self.docs: return
        root = ET.parse(path).getroot()
        tns = root.get("targetNamespace", "")
        if tns in OPAQUE:
            self.docs[path] = None
            return
        qualified = root.get("elementFormDefault") == "qualified"
        doc = {"root": root, "tns": tns, "qualified": qualified, "path": path}
        self.docs[path] = doc
        # prefix map for QName resolution
        doc["nsmap"] = nsmap_of(path)
        for child in root:
            name = child.get("name")
            key = (tns, name)
            if child.tag == q("complexType"): self.complex[key] = (child, doc)
            elif child.tag == q("simpleType"): self.simple[key] = (child, doc)
            elif child.tag == q("group"): self.groups[key] = (child, doc)
            elif child.tag == q("attributeGroup"): self.agroups[key] = (child, doc)
            elif child.tag == q("element"): self.elements[key] = (child, doc)
            elif child.tag == q("attribute"): self.attributes[key] = (child, doc)
            elif child.tag in (q("import"), q("include")):
                loc = child.get("schemaLocation")
                ns = child.get("namespace")
                if ns in OPAQUE or loc is None: continue
                self.load(os.path.join(os.path.dirname(path), loc))

def nsmap_of(path):
    m = {}
    for ev, (p, u) in ET.iterparse(path, events=["start-ns"]):
        m.setdefault(p, u)
    return m

def resolve(doc, qn):
    if ":" in qn:
        p, l = qn.split(":", 1)
        if p == "xml": return (XMLNS, l)
        return (doc["nsmap"].get(p, p), l)
    return (doc["nsmap"].get("", ""), qn)

class Compiler:
    def __init__(self, schema):
        self.s = schema
        self.types = []          # list of dicts
        self.type_index = {}     # key -> id
        self.simples = []
        self.simple_index = {}
        self.pending = []
        self.warnings = []

    # ---------- simple types ----------
    def st_builtin(self, name):
        key = ("builtin", name)
        if key in self.simple_index: return self.simple_index[key]
        i = len(self.simples); self.simple_index[key] = i
        self.simples.append({"k": "builtin", "n": name})
        return i

    def st_ref(self, doc, qn):
        ns, local = resolve(doc, qn)
        if ns == XS: return self.st_builtin(local)
        key = ("named", ns, local)
        if key in self.simple_index: return self.simple_index[key]
        if (ns, local) not in self.s.simple:
            if ns in OPAQUE or ns == "":
                return self.st_builtin("anySimpleType")
            raise Exception("unknown simple type %s %s" % (ns, local))
        node, d = self.s.simple[(ns, local)]
        i = len(self.simples); self.simple_index[key] = i
        self.simples.append(None)
        self.simples[i] = self.st_body(node, d)
        return i

    def st_anon(self, node, doc):
        key = ("anon", id(node))
        if key in self.simple_index: return self.simple_index[key]
        i = len(self.simples)
        self.simple_index[key] = i
        self.simples.append(None)
        self.simples[i] = self.st_body(node, doc)
        return i

    def st_body(self, node, doc):
        r = node.find(q("restriction"))
        if r is not None:
            if r.get("base"): base = self.st_ref(doc, r.get("base"))
            else: base = self.st_anon(r.find(q("simpleType")), doc)
            enums = [e.get("value") for e in r.findall(q("enumeration"))]
            pats = [e.get("value") for e in r.findall(q("pattern"))]
            out = {"k": "restrict", "base": base}
            if enums: out["enum"] = enums
            if pats: out["pattern"] = pats
            for f in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "length", "minLength", "maxLength"):
                e = r.find(q(f))
                if e is not None: out[f] = e.get("value")
            return out
        l = node.find(q("list"))
        if l is not None:
            if l.get("itemType"): item = self.st_ref(doc, l.get("itemType"))
            else: item = self.st_anon(l.find(q("simpleType")), doc)
            return {"k": "list", "item": item}
        u = node.find(q("union"))
        if u is not None:
            members = [self.st_ref(doc, m) for m in (u.get("memberTypes") or "").split()]
            members += [self.st_anon(s, doc) for s in u.findall(q("simpleType"))]
            return {"k": "union", "members": members}
        raise Exception("bad simple type")

    # ---------- attributes ----------
    def attrs_of(self, node, doc, acc, anyattr):
        for c in node:
            if c.tag == q("attribute"):
                if c.get("ref"):
                    ns, local = resolve(doc, c.get("ref"))
                    gnode, gdoc = self.s.attributes.get((ns, local), (None, None))
                    if gnode is not None:
                        st = self.attr_type(gnode, gdoc)
                    else:
                        st = self.st_builtin("anySimpleType")
                    key = (ns, local)
                else:
                    key = ("", c.get("name"))
                    st = self.attr_type(c, doc)
                if c.get("use") == "prohibited":
                    acc.pop(key, None); continue
                acc[key] = [st, 1 if c.get("use") == "required" else 0]
            elif c.tag == q("attributeGroup"):
                ns, local = resolve(doc, c.get("ref"))
                g, gd = self.s.agroups[(ns, local)]
                self.attrs_of(g, gd, acc, anyattr)
            elif c.tag == q("anyAttribute"):
                anyattr[:] = [self.ns_constraint(c, doc), c.get("processContents", "strict")]
        return acc

    def attr_type(self, node, doc):
        if node.get("type"): return self.st_ref(doc, node.get("type"))
        s = node.find(q("simpleType"))
        if s is not None: return self.st_anon(s, doc)
        return self.st_builtin("anySimpleType")

    def ns_constraint(self, node, doc):
        v = node.get("namespace", "##any")
        if v == "##any": return ["any"]
        if v == "##other": return ["other", doc["tns"]]
        out = ["list"]
        for t in v.split():
            if t == "##targetNamespace": out.append(doc["tns"])
            elif t == "##local": out.append("")
            else: out.append(t)
        return out

    # ---------- complex types ----------
    def type_for_element(self, node, doc):
        """Type id of an element declaration (local or global)."""
        if node.get("type"):
            ns, local = resolve(doc, node.get("type"))
            if ns == XS or (ns, local) in self.s.simple:
                return self.simple_content_type(self.st_ref(doc, node.get("type")), key=("simplewrap", ns, local))
            return self.complex_ref(ns, local)
        ct = node.find(q("complexType"))
        if ct is not None:
            return self.complex_new(ct, doc, ("anon", id(ct)))
        st = node.find(q("simpleType"))
        if st is not None:
            return self.simple_content_type(self.st_anon(st, doc), key=None)
        # no type: anyType
        return self.any_type()

    def any_type(self):
        key = ("anyType",)
        if key in self.type_index: return self.type_index[key]
        i = len(self.types); self.type_index[key] = i
        self.types.append({"name": "anyType", "content": "any"})
        return i

    def simple_content_type(self, st, key):
        if key is not None and key in self.type_index: return self.type_index[key]
        i = len(self.types)
        if key is not None: self.type_index[key] = i
        self.types.append({"name": "simple", "content": "simple", "st": st, "attrs": [], "any": None})
        return i

    def complex_ref(self, ns, local):
        key = ("complex", ns, local)
        if key in self.type_index: return self.type_index[key]
        if ns == XS and local == "anyType": return self.any_type()
        node, doc = self.s.complex[(ns, local)]
        return self.complex_new(node, doc, key, local)

    def complex_new(self, node, doc, key, name=None):
        if key is not None and key in self.type_index: return self.type_index[key]
        i = len(self.types)
        if key is not None: self.type_index[key] = i
        self.types.append(None)
        info = self.complex_info(node, doc)
        info["name"] = name or "(anonymous)"
        self.types[i] = info
        self.pending.append(i)
        return i

    def complex_info(self, node, doc):
        """-> dict(attrs: {key: [st, req]}, any, content kind, particle, st)"""
        mixed = node.get("mixed") == "true"
        cc = node.find(q("complexContent"))
        sc = node.find(q("simpleContent"))
        if sc is not None:
            der = sc[0] if sc[0].tag in (q("extension"), q("restriction")) else [c for c in sc if c.tag in (q("extension"), q("restriction"))][0]
            bns, blocal = resolve(doc, der.get("base"))
            if bns == XS or (bns, blocal) in self.s.simple:
                st = self.st_ref(doc, der.get("base"))
                attrs, anyattr = {}, []
            else:
                base = self.complex_info(*self.s.complex[(bns, blocal)])
                st = base["st"]; attrs = dict(base["attrs"]); anyattr = list(base["any"] or [])
            if der.tag == q("restriction"):
                enums = [e.get("value") for e in der.findall(q("enumeration"))]
                pats = [e.get("value") for e in der.findall(q("pattern"))]
                if enums or pats:
                    j = len(self.simples)
                    d = {"k": "restrict", "base": st}
                    if enums: d["enum"] = enums
                    if pats: d["pattern"] = pats
                    self.simples.append(d); st = j
            self.attrs_of(der, doc, attrs, anyattr)
            return {"content": "simple", "st": st, "attrs": attrs, "any": anyattr or None}
        if cc is not None:
            mixed = mixed or cc.get("mixed") == "true"
            der = [c for c in cc if c.tag in (q("extension"), q("restriction"))][0]
            bns, blocal = resolve(doc, der.get("base"))
            if bns == XS and blocal == "anyType":
                base = {"attrs": {}, "any": None, "particle": None, "mixed": False}
            else:
                bn, bd = self.s.complex[(bns, blocal)]
                base = self.complex_info(bn, bd)
            attrs = dict(base["attrs"]); anyattr = list(base["any"] or [])
            own = self.particle_of(der, doc)
            if der.tag == q("extension"):
                if base.get("particle") is not None and own is not None:
                    particle = ("seq", 1, 1, [base["particle"], own])
                else:
                    particle = base.get("particle") if own is None else own
                mixed = mixed or base.get("mixed", False)
            else:
                particle = own
            self.attrs_of(der, doc, attrs, anyattr)
            return {"content": "mixed" if mixed else "elements", "particle": particle, "attrs": attrs, "any": anyattr or None, "mixed": mixed}
        particle = self.particle_of(node, doc)
        attrs, anyattr = {}, []
        self.attrs_of(node, doc, attrs, anyattr)
        return {"content": "mixed" if mixed else "elements", "particle": particle, "attrs": attrs, "any": anyattr or None, "mixed": mixed}

    def occurs(self, node):
        mn = int(node.get("minOccurs", "1"))
        mx = node.get("maxOccurs", "1")
        mx = -1 if mx == "unbounded" else int(mx)
        return mn, mx

    def particle_of(self, node, doc):
        for c in node:
            if c.tag in (q("sequence"), q("choice"), q("all"), q("group")):
                return self.particle(c, doc)
        return None

    def particle(self, node, doc):
        mn, mx = self.occurs(node)
        if node.tag == q("element"):
            if node.get("ref"):
                ns, local = resolve(doc, node.get("ref"))
                return ("el", mn, mx, (ns, local, "global"))
            ns = doc["tns"] if (doc["qualified"] or node.get("form") == "qualified") else ""
            return ("el", mn, mx, (ns, node.get("name"), ("local", node, doc)))
        if node.tag == q("any"):
            return ("any", mn, mx, (self.ns_constraint(node, doc), node.get("processContents", "strict")))
        if node.tag == q("group"):
            ns, local = resolve(doc, node.get("ref"))
            g, gd = self.s.groups[(ns, local)]
            inner = [c for c in g if c.tag in (q("sequence"), q("choice"), q("all"))][0]
            p = self.particle(inner, gd)
            return (p[0], mn * p[1], -1 if (mx == -1 or p[2] == -1) else mx * p[2], p[3]) if (mn, mx) != (1, 1) and (p[1], p[2]) == (1, 1) else (("seq", mn, mx, [p]) if (mn, mx) != (1, 1) else p)
        kind = {"sequence": "seq", "choice": "choice", "all": "all"}[node.tag.split("}")[1]]
        kids = [self.particle(c, doc) for c in node if c.tag in (q("element"), q("any"), q("sequence"), q("choice"), q("group"))]
        return (kind, mn, mx, kids)

    # ---------- Glushkov ----------
    def compile_pending(self):
        while self.pending:
            i = self.pending.pop()
            t = self.types[i]
            attrs = t["attrs"]
            t["attrs"] = [[k[0], k[1], v[0], v[1]] for k, v in sorted(attrs.items(), key=lambda kv: (kv[0][0], kv[0][1]))]
            particle = t.pop("particle", None)
            t.pop("mixed", None)
            if t["content"] == "simple":
                continue
            if particle is None:
                t.update({"positions": [], "sets": [[]], "states": [[1, 0]]})
                if t["content"] == "elements": t["content"] = "empty"
                continue
            positions = []
            tree = self.expand(particle, positions)
            t.update(self.glushkov(tree, positions, t["name"]))

    def expand(self, p, positions):
        """Expand occurrences into a regex AST: ('sym', pos) | ('seq', [..]) | ('alt', [..]) | ('star', x) | ('opt', x) | ('eps',)"""
        kind, mn, mx, body = p
        def one():
            if kind in ("el", "any"):
                positions.append((kind, body))
                return ("sym", len(positions) - 1)
            if kind == "seq" or kind == "all":
                # xs:all is approximated as a sequence with any order not supported (QTI does not use it)
                return ("seq", [self.expand(k, positions) for k in body])
            if kind == "choice":
                return ("alt", [self.expand(k, positions) for k in body])
            raise Exception(kind)
        parts = []
        for _ in range(mn):
            parts.append(one())
        if mx == -1:
            parts.append(("star", one()))
        else:
            for _ in range(mx - mn):
                parts.append(("opt", one()))
        if not parts: return ("eps",)
        if len(parts) == 1: return parts[0]
        return ("seq", parts)

    def glushkov(self, tree, positions, tname):
        follow = [set() for _ in positions]
        def rec(t):
            k = t[0]
            if k == "sym": return (False, {t[1]}, {t[1]})
            if k == "eps": return (True, set(), set())
            if k == "opt":
                n, f, l = rec(t[1]); return (True, f, l)
            if k == "star":
                n, f, l = rec(t[1])
                for x in l: follow[x] |= f
                return (True, f, l)
            if k == "alt":
                N, F, L = False, set(), set()
                for c in t[1]:
                    n, f, l = rec(c); N = N or n; F |= f; L |= l
                return (N, F, L)
            if k == "seq":
                N, F, L = True, set(), set()
                for c in t[1]:
                    n, f, l = rec(c)
                    for x in L: follow[x] |= f
                    if N: F |= f
                    L = (L | l) if n else l
                    N = N and n
                return (N, F, L)
            raise Exception(k)
        nullable, first, last = rec(tree)
        # state 0 = start; state i+1 = after position i. A state is [final, set id]; a set is
        # the list of positions that may come next (the target state of position p is p + 1).
        pos_out = []
        for kind, body in positions:
            if kind == "el":
                ns, local, decl = body
                pos_out.append([0, ns, local, self.decl_type(ns, local, decl)])
            else:
                nsc, proc = body
                pos_out.append([1, nsc, proc])
        sets, set_index, states = [], {}, []
        def set_id(src):
            seen = {}
            for p in src:
                if pos_out[p][0] == 0:
                    k = (pos_out[p][1], pos_out[p][2])
                    if k in seen and seen[k] != p:
                        self.warnings.append("non-deterministic content model in %s on %s" % (tname, k[1]))
                    seen[k] = p
            key = tuple(sorted(src))
            if key not in set_index:
                set_index[key] = len(sets); sets.append(list(key))
            return set_index[key]
        states.append([1 if nullable else 0, set_id(first)])
        for i in range(len(positions)):
            states.append([1 if i in last else 0, set_id(follow[i])])
        return {"positions": pos_out, "sets": sets, "states": states}

    def decl_type(self, ns, local, decl):
        if decl == "global":
            if (ns, local) in self.s.elements:
                node, doc = self.s.elements[(ns, local)]
                return self.global_type(ns, local)
            return -1  # opaque/unknown namespace: skip
        _, node, doc = decl
        return self.type_for_element(node, doc)

    def global_type(self, ns, local):
        key = ("global", ns, local)
        if key in self.type_index: return self.type_index[key]
        node, doc = self.s.elements[(ns, local)]
        t = self.type_for_element(node, doc)
        self.type_index[key] = t
        return t

def apply_errata(c):
    """Known errors of the official XSDs, corrected to the QTI information model (each one is
    listed in qti/CONFORMANCE.md):

    - matchTableEntry: the 2.1 XSD names the target attribute `targetType` (the information model
      and 2.2/3.0 say `targetValue`); the 2.2 and 3.0 XSDs type it as a baseType name instead of
      a value. Here `targetValue` / `target-value` is a required string and 2.1's `targetType` is
      accepted as an optional alternative.
    """
    string = c.st_builtin("string")
    for t in c.types:
        if t.get("name") in ("MatchTableEntry.Type", "MatchTableEntryDType"):
            attrs = t["attrs"]
            names = [a[1] for a in attrs]
            if "targetType" in names:
                for a in attrs:
                    if a[1] == "targetType":
                        a[3] = 0
                attrs.append([attrs[0][0] if attrs else "", "targetValue", string, 1])
                attrs.sort(key=lambda a: (a[0], a[1]))
            for a in attrs:
                if a[1] in ("targetValue", "target-value"):
                    a[2] = string

def compile_schema(main):
    s = Schema()
    s.load(main)
    c = Compiler(s)
    globals_ = []
    for (ns, local), (node, doc) in sorted(s.elements.items()):
        if ns in OPAQUE or ns == XMLNS: continue
        globals_.append([ns, local, c.global_type(ns, local)])
    c.compile_pending()
    apply_errata(c)
    gattrs = []
    for (ns, local), (node, doc) in sorted(s.attributes.items()):
        gattrs.append([ns, local, c.attr_type(node, doc)])
    table = {"globals": globals_, "global_attrs": gattrs, "types": c.types, "simple": c.simples, "opaque": OPAQUE}
    return intern_ns(table), c.warnings

def intern_ns(table):
    """Replaces namespace URIs by indices into table["ns"] (index 0 is no namespace)."""
    nss = [""]
    def ix(ns):
        if ns not in nss: nss.append(ns)
        return nss.index(ns)
    for g in table["globals"] + table["global_attrs"]: g[0] = ix(g[0])
    for t in table["types"]:
        for a in t.get("attrs", []): a[0] = ix(a[0])
        if t.get("any"): t["any"][0] = [t["any"][0][0]] + [ix(n) for n in t["any"][0][1:]]
        for p in t.get("positions", []):
            if p[0] == 0: p[1] = ix(p[1])
            else: p[1] = [p[1][0]] + [ix(n) for n in p[1][1:]]
    table["opaque"] = [ix(n) for n in table["opaque"]]
    table["ns"] = nss
    return table

def kebab(name):
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i > 0 and (name[i-1].islower() or name[i-1].isdigit()):
            out.append("-")
        out.append(ch.lower())
    return "".join(out)

def names_of(table):
    """(element local names, attribute local names) in the target namespaces of a table."""
    els, attrs = set(), set()
    for t in table["types"]:
        for p in t.get("positions", []):
            if p[0] == 0: els.add((table["ns"][p[1]], p[2]))
        for a in t.get("attrs", []):
            if a[0] == 0: attrs.add(a[1])
    for g in table["globals"]: els.add((table["ns"][g[0]], g[1]))
    return els, attrs

def write_names(tables, out):
    v2_els, v2_attrs = set(), set()
    for k in ("v2p0", "v2p1", "v2p2"):
        e, a = names_of(tables[k])
        v2_els |= {l for (n, l) in e if n.startswith("http://www.imsglobal.org/xsd/imsqti_v2")}
        v2_attrs |= a
    e3, a3 = names_of(tables["v3p0"])
    e3 = {l for (n, l) in e3 if n == "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"}
    by_kebab = {}
    for n in v2_els: by_kebab.setdefault("qti-" + kebab(n), n)
    el_pairs = sorted((n3, by_kebab.get(n3, n3)) for n3 in e3 if n3.startswith("qti-"))
    by_kebab_a = {}
    for n in v2_attrs: by_kebab_a.setdefault(kebab(n), n)
    attr_pairs = sorted((n3, by_kebab_a[n3]) for n3 in a3 if n3 in by_kebab_a and by_kebab_a[n3] != n3)
    with open(out, "w") as f:
        f.write("// @generated by qti/tools/gen_schema.py from the QTI 2.x and 3.0 XSDs. Do not edit.\n\n")
        f.write("/// QTI 3.0 element names (`qti-` prefixed) and their 2.x (canonical) names, sorted by the 3.0 name.\n")
        f.write("/// Elements new in 3.0 map to themselves.\n")
        f.write("pub(crate) static ELEMENTS_V3: &[(&str, &str)] = &[\n")
        for a, b in el_pairs: f.write('    ("%s", "%s"),\n' % (a, b))
        f.write("];\n\n")
        f.write("/// QTI 3.0 attribute names that differ from their 2.x (canonical) names, sorted by the 3.0 name.\n")
        f.write("pub(crate) static ATTRIBUTES_V3: &[(&str, &str)] = &[\n")
        for a, b in attr_pairs: f.write('    ("%s", "%s"),\n' % (a, b))
        f.write("];\n")

def main():
    schemes, q3, out = sys.argv[1:4]
    jobs = {
        "v2p0": os.path.join(schemes, "imsqti_v2p0.xsd"),
        "v2p1": os.path.join(schemes, "qtiv2p1", "imsqti_v2p1.xsd"),
        "v2p2": os.path.join(schemes, "qtiv2p2", "imsqti_v2p2.xsd"),
        "v3p0": os.path.join(q3, "imsqti_asiv3p0_sbacv1p0_v1p0.xsd"),
        "result_v2p1": os.path.join(schemes, "qtiv2p1", "imsqti_result_v2p1.xsd"),
        "result_v2p2": os.path.join(schemes, "qtiv2p2", "imsqti_result_v2p2.xsd"),
        "result_v3p0": os.path.join(q3, "imsqti_resultv3p0_v1p0.xsd"),
    }
    os.makedirs(out, exist_ok=True)
    tables = {}
    for name, path in jobs.items():
        table, warnings = compile_schema(path)
        tables[name] = table
        for w in sorted(set(warnings)): print(name, "warning:", w, file=sys.stderr)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(table, f, separators=(",", ":"))
        print(name, len(table["types"]), "types", len(table["simple"]), "simple types", file=sys.stderr)
    write_names(tables, os.path.join(out, "names.rs"))

main()
