DROP VIEW v_customer_order;
