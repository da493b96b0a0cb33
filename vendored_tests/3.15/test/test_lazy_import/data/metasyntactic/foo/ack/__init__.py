Ack = "Ack"
