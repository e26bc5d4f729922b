package api

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gofiber/fiber/v2"
)

//go:embed openapi.yaml
var openAPIDoc []byte

//go:embed templates/docs.html
var docsTemplate string

//go:embed templates/docs.css
var docsCSS []byte

// specDoc is the parsed OpenAPI document and its rendered docs page, built
// once at start.
type specDoc struct {
	doc  *openapi3.T
	page []byte
}

// Spec returns the parsed, validated OpenAPI document.
func Spec() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDoc)
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi.yaml: %w", err)
	}
	return doc, nil
}

func mustLoadSpec() *specDoc {
	doc, err := Spec()
	if err != nil {
		panic(err) // the embedded document is checked by tests
	}
	page, err := renderDocs(doc)
	if err != nil {
		panic(err)
	}
	return &specDoc{doc: doc, page: page}
}

// openAPIYAML serves the embedded OpenAPI document.
func (s *server) openAPIYAML() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
		return c.Send(openAPIDoc)
	}
}

// docsPage serves the API reference rendered from the OpenAPI document; it
// needs no assets from the internet.
func (s *server) docsPage() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(s.spec.page)
	}
}

// docsStylesheet serves the stylesheet of the docs page (a file, since the
// Content-Security-Policy allows no inline style).
func (s *server) docsStylesheet() fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
		c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
		return c.Send(docsCSS)
	}
}

type docOp struct {
	Method, Path, ID, Summary, Description string
	Params                                 []docParam
	Responses                              []docResponse
}

type docParam struct {
	Name, In, Type, Description string
	Required                    bool
}

type docResponse struct {
	Status, Description, Schema string
}

func renderDocs(doc *openapi3.T) ([]byte, error) {
	var ops []docOp
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for method, op := range item.Operations() {
			o := docOp{Method: method, Path: p, ID: op.OperationID, Summary: op.Summary, Description: op.Description}
			params := append(slices.Clone(item.Parameters), op.Parameters...)
			for _, pr := range params {
				v := pr.Value
				typ := ""
				if v.Schema != nil && v.Schema.Value != nil {
					typ = schemaLabel(v.Schema)
				}
				o.Params = append(o.Params, docParam{Name: v.Name, In: v.In, Type: typ, Description: v.Description, Required: v.Required})
			}
			for _, code := range slices.Sorted(func(yield func(string) bool) {
				for k := range op.Responses.Map() {
					if !yield(k) {
						return
					}
				}
			}) {
				r := op.Responses.Value(code).Value
				schema := ""
				for _, mt := range r.Content {
					if mt.Schema != nil {
						schema = schemaLabel(mt.Schema)
					}
				}
				o.Responses = append(o.Responses, docResponse{Status: code, Description: deref(r.Description), Schema: schema})
			}
			ops = append(ops, o)
		}
	}
	slices.SortStableFunc(ops, func(a, b docOp) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
	var schemas []string
	for name := range doc.Components.Schemas {
		schemas = append(schemas, name)
	}
	slices.Sort(schemas)
	t, err := template.New("docs").Parse(docsTemplate)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = t.Execute(&buf, map[string]any{"Info": doc.Info, "Ops": ops, "Schemas": schemas, "Doc": doc})
	return buf.Bytes(), err
}

func schemaLabel(ref *openapi3.SchemaRef) string {
	if ref.Ref != "" {
		return ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
	}
	if ref.Value == nil || ref.Value.Type == nil {
		return ""
	}
	return strings.Join(ref.Value.Type.Slice(), "|")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
