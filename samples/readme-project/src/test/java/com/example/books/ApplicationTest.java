package com.example.books;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest
class ApplicationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void startsMigrated() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tb_confiture", Integer.class)).isEqualTo(1);
    }
}
