/** A small contract the CLI tests own, so changes to the repo's contracts do not move them. */
export const SHOP_PROTO = `syntax = "proto3";
package shop.v1;

// Sells things.
service Shop {
  // Places an order.
  rpc PlaceOrder(OrderRequest) returns (OrderReply);
  rpc GetStatus(StatusRequest) returns (StatusReply) {
    option idempotency_level = NO_SIDE_EFFECTS;
  }
}

enum Color {
  COLOR_UNSPECIFIED = 0;
  COLOR_RED = 1;
  COLOR_BLUE = 2;
}

message OrderRequest {
  string customer_id = 1;
  int64 quantity = 2;
  Color color = 3;
  oneof payment {
    string card = 4;
    string voucher = 5;
  }
  repeated string notes = 6;
}

message OrderReply {
  string order_id = 1;
}

message StatusRequest {
  string order_id = 1;
}

message StatusReply {
  string status = 1;
}
`;
