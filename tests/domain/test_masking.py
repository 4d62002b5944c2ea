from bancheng.domain.masking import mask_id_number, mask_name, mask_phone


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits():
    assert mask_phone("13812345678") == "138****5678"


def test_a_short_landline_keeps_less():
    assert mask_phone("8765432") == "876**32"


def test_a_very_short_number_is_hidden_whole():
    assert mask_phone("110") == "***"


def test_a_two_character_name_keeps_the_family_name():
    assert mask_name("张三") == "张*"


def test_a_three_character_name_hides_the_given_name():
    assert mask_name("王小明") == "王**"


def test_a_four_character_name_keeps_a_compound_family_name():
    assert mask_name("欧阳娜娜") == "欧阳**"


def test_an_empty_name_stays_empty():
    assert mask_name("  ") == ""


def test_an_id_number_loses_its_birth_date():
    masked = mask_id_number("110105199001011234")
    assert masked == "110105********1234"
    assert "19900101" not in masked


def test_a_short_id_number_is_hidden_whole():
    assert mask_id_number("12345") == "*****"
