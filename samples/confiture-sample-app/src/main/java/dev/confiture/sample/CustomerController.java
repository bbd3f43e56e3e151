package dev.confiture.sample;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small API over the migrated schema: customers and their orders, through the {@code v_} view.
 * Its {@link JdbcTemplate} is created only after the migrations ran.
 */
@RestController
public class CustomerController {

    private final JdbcTemplate jdbc;

    /**
     * @param jdbc the application's JdbcTemplate
     */
    public CustomerController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @return every customer's external id, identifier and email
     */
    @GetMapping("/customers")
    public List<Map<String, Object>> customers() {
        return jdbc.queryForList("SELECT id, identifier, email FROM tb_customer ORDER BY pk_customer");
    }

    /**
     * @param identifier a readable key, e.g. {@code ada}
     * @param email the customer's email
     * @return the new customer's external id
     */
    @PostMapping("/customers")
    public Map<String, Object> addCustomer(@RequestParam String identifier, @RequestParam String email) {
        return jdbc.queryForMap("INSERT INTO tb_customer (identifier, email) VALUES (?, ?) RETURNING id", identifier, email);
    }

    /**
     * @return every order with its customer, from the v_customer_order view
     */
    @GetMapping("/orders")
    public List<Map<String, Object>> orders() {
        return jdbc.queryForList("SELECT * FROM v_customer_order ORDER BY placed_at");
    }
}
