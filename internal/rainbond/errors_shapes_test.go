package rainbond

import (
	"strings"
	"testing"
)

// The console refuses blank log lines with a 400 whose msg is a dict of
// field -> messages and whose err nests field -> index -> messages; both
// decode into field errors rather than raw text.
func TestDecodeErrorDictMsgAndNestedErr(t *testing.T) {
	c, err := New(Config{URL: "http://127.0.0.1:1", Token: "t"}) // no request is made
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"code":400,"msg":{"logs":["This field may not be blank."]},"msg_show":"参数错误",
		"err":{"logs":{"0":["This field may not be blank."],"2":["This field may not be blank."]}}}`)
	err = c.decodeError(Call{Method: "POST", Path: "/logs"}, 400, body, "")
	ae, ok := err.(*APIError)
	if !ok {
		t.Fatalf("%T %v", err, err)
	}
	if ae.Code != 400 || ae.MsgShow != "参数错误" || strings.Contains(ae.Msg, "{") {
		t.Fatalf("decoded %+v", ae)
	}
	for _, f := range []string{"logs", "logs.0", "logs.2"} {
		if got := ae.FieldErrors[f]; len(got) != 1 || got[0] != "This field may not be blank." {
			t.Fatalf("field %s: %v (all %v)", f, got, ae.FieldErrors)
		}
	}
	if s := err.Error(); !strings.Contains(s, "logs.0: This field may not be blank.") || strings.Contains(s, `{"`) {
		t.Fatalf("message %q", s)
	}
	// The usual string msg and flat err still decode as before.
	err = c.decodeError(Call{Method: "POST", Path: "/x"}, 400, []byte(`{"code":20400,"msg":"参数错误","err":{"branch":["This field may not be blank."]}}`), "")
	ae = err.(*APIError)
	if ae.Msg != "参数错误" || ae.FieldErrors["branch"][0] != "This field may not be blank." {
		t.Fatalf("flat: %+v", ae)
	}
}
